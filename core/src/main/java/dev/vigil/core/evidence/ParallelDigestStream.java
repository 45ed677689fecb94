package dev.vigil.core.evidence;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * A stream over an input file that hashes what it reads (SHA-256) on a second thread, so that
 * hashing a large input costs its reader little time: a tar.gz dump, a large database.
 */
final class ParallelDigestStream extends FilterInputStream {
    private static final int CHUNK = 256 << 10;
    private final java.util.concurrent.BlockingQueue<byte[]> free = new java.util.concurrent.ArrayBlockingQueue<>(8);
    private final java.util.concurrent.BlockingQueue<Object[]> work = new java.util.concurrent.ArrayBlockingQueue<>(8);
    private final MessageDigest md = Custody.sha256();
    private final Thread hasher;
    private volatile Throwable failure;
    private byte[] current = new byte[CHUNK];
    private int filled;
    long count;
    private boolean finished;

    ParallelDigestStream(InputStream in) {
        super(in);
        for (int i = 0; i < 6; i++) free.add(new byte[CHUNK]);
        hasher = new Thread(() -> {
            try {
                while (true) {
                    Object[] job = work.take();
                    byte[] b = (byte[]) job[0];
                    int n = (Integer) job[1];
                    if (n < 0) return;
                    md.update(b, 0, n);
                    free.put(b);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Throwable t) {
                failure = t;
            }
        }, "vigil-input-hash");
        hasher.setDaemon(true);
        hasher.start();
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n > 0) {
            count += n;
            int done = 0;
            while (done < n) {
                int k = Math.min(n - done, CHUNK - filled);
                System.arraycopy(b, off + done, current, filled, k);
                filled += k;
                done += k;
                if (filled == CHUNK) flushChunk();
            }
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        return Limits.skipByReading(this, n); // read, so that it is hashed
    }

    private void flushChunk() throws IOException {
        if (failure != null) throw new IOException("hashing failed", failure);
        try {
            work.put(new Object[] {current, filled});
            current = free.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
        filled = 0;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    /** Waits for the hashing thread and returns the hex SHA-256 of everything read, or null on failure. Idempotent. */
    String finish() {
        if (finished) return result;
        finished = true;
        try {
            if (filled > 0) flushChunk();
            work.put(new Object[] {new byte[0], -1});
            hasher.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            hasher.interrupt();
            return null;
        } catch (IOException e) {
            return null;
        }
        result = failure == null ? HexFormat.of().formatHex(md.digest()) : null;
        return result;
    }

    @Override
    public void close() throws IOException {
        try {
            finish(); // idempotent: the caller reads the same result afterwards
        } finally {
            super.close();
        }
    }

    private String result;
}
