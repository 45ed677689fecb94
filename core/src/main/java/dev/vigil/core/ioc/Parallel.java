package dev.vigil.core.ioc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/** Parses several indicator files at once, keeping their order and the first error. */
final class Parallel {
    private Parallel() {}

    interface IoFunction<A, B> {
        B apply(A a) throws IOException;
    }

    static <A, B> List<B> map(List<A> in, IoFunction<A, B> f) throws IOException {
        Object[] out = new Object[in.size()];
        IOException[] errors = new IOException[in.size()];
        IntStream.range(0, in.size()).parallel().forEach(i -> {
            try {
                out[i] = f.apply(in.get(i));
            } catch (IOException e) {
                errors[i] = e;
            } catch (UncheckedIOException e) {
                errors[i] = e.getCause();
            } catch (RuntimeException e) {
                errors[i] = new IOException(String.valueOf(in.get(i)) + ": " + e, e);
            }
        });
        for (IOException e : errors) if (e != null) throw e;
        @SuppressWarnings("unchecked")
        List<B> result = (List<B>) Arrays.asList(out);
        return List.copyOf(result);
    }
}
