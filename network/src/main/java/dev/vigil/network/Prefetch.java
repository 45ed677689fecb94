package dev.vigil.network;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Reads an input in a second thread, one MiB ahead (at most 4 MiB buffered), so that reading
 * the file and hashing it for the custody log (in the source's stream) overlap with parsing.
 * Closing stops the reader and then closes the source stream, which finishes its hash.
 * The reader is never interrupted (that would close an interruptible file channel).
 */
final class Prefetch extends InputStream {
    private static final int CHUNK = 1 << 20;
    private static final byte[] END = new byte[0];

    private final InputStream in;
    private final BlockingQueue<byte[]> chunks = new ArrayBlockingQueue<>(4);
    private final Thread reader;
    private volatile IOException error;
    private volatile boolean closed;
    private byte[] cur = new byte[0];
    private int pos;
    private boolean ended;

    Prefetch(InputStream in, String name) {
        this.in = in;
        this.reader = new Thread(this::fill, "vigil-read " + name);
        reader.setDaemon(true);
        reader.start();
    }

    private void fill() {
        try {
            while (!closed) {
                byte[] b = new byte[CHUNK];
                int n = in.readNBytes(b, 0, CHUNK);
                if (n <= 0) break;
                chunks.put(n == CHUNK ? b : java.util.Arrays.copyOf(b, n));
                if (n < CHUNK) break;
            }
        } catch (IOException e) {
            error = e;
        } catch (InterruptedException e) {
            return; // closed
        }
        try {
            chunks.put(END);
        } catch (InterruptedException e) {
            // closed
        }
    }

    private boolean next() throws IOException {
        if (ended) return false;
        try {
            cur = chunks.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
        pos = 0;
        if (cur == END) {
            ended = true;
            if (error != null) throw error;
            return false;
        }
        return true;
    }

    @Override
    public int read() throws IOException {
        if (pos >= cur.length && !next()) return -1;
        return cur[pos++] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) return 0;
        if (pos >= cur.length && !next()) return -1;
        int n = Math.min(len, cur.length - pos);
        System.arraycopy(cur, pos, b, off, n);
        pos += n;
        return n;
    }

    @Override
    public void close() throws IOException {
        if (closed) return;
        closed = true;
        // not interrupted: an interrupt would close the file channel under the custody hash.
        // The reader stops after its current chunk; taking chunks lets it finish a blocked put.
        try {
            while (reader.isAlive()) chunks.poll(10, java.util.concurrent.TimeUnit.MILLISECONDS);
            reader.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        chunks.clear();
        in.close(); // hashes the rest of the file
    }
}
