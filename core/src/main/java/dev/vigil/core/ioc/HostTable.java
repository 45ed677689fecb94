package dev.vigil.core.ioc;

import java.util.Arrays;

/**
 * An open-addressing hash table from lower-case ASCII host names to indicators, queried with
 * a region of any {@link CharSequence} and a hash computed right to left, so that the label
 * walk of a host ({@code a.b.evil.com}, {@code b.evil.com}, {@code evil.com}) computes every
 * suffix hash in one pass and looks them up without creating a single string.
 */
final class HostTable {
    private final int mask;
    private final int[] hashes;
    private final String[] keys;
    private final Indicator[] values;
    private int size;

    HostTable(int expected) {
        int cap = Integer.highestOneBit(Math.max(4, expected * 2 + 1)) << 1;
        mask = cap - 1;
        hashes = new int[cap];
        keys = new String[cap];
        values = new Indicator[cap];
    }

    int size() {
        return size;
    }

    /** Hash of the region read right to left, lower-casing ASCII letters. */
    static int hash(CharSequence s, int start, int end) {
        int h = 0;
        for (int i = end - 1; i >= start; i--) h = step(h, s.charAt(i));
        return h;
    }

    /** Extends a right-to-left hash by one more character on the left. */
    static int step(int h, char c) {
        return h * 31 + lower(c);
    }

    static char lower(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
    }

    private static int slot(int h) {
        int x = h * 0x9E3779B9;
        return x ^ (x >>> 16);
    }

    /** Adds a key (already lower-case); the first value for a key is kept. */
    void putIfAbsent(String key, Indicator value) {
        if (size * 2 >= keys.length) throw new IllegalStateException("HostTable full");
        int h = hash(key, 0, key.length());
        int i = slot(h) & mask;
        while (keys[i] != null) {
            if (hashes[i] == h && keys[i].equals(key)) return;
            i = (i + 1) & mask;
        }
        keys[i] = key;
        hashes[i] = h;
        values[i] = value;
        size++;
    }

    /** The value for the region {@code s[start,end)} with precomputed hash, compared ignoring ASCII case. */
    Indicator get(int h, CharSequence s, int start, int end) {
        int i = slot(h) & mask;
        String k;
        while ((k = keys[i]) != null) {
            if (hashes[i] == h && regionEquals(k, 0, s, start, end)) return values[i];
            i = (i + 1) & mask;
        }
        return null;
    }

    /** The value for {@code prefix + s[start,end)}, where h is the hash of that concatenation. */
    Indicator get(int h, String prefix, CharSequence s, int start, int end) {
        int i = slot(h) & mask;
        String k;
        int pl = prefix.length();
        while ((k = keys[i]) != null) {
            if (hashes[i] == h && k.startsWith(prefix) && regionEquals(k, pl, s, start, end)) return values[i];
            i = (i + 1) & mask;
        }
        return null;
    }

    private static boolean regionEquals(String key, int from, CharSequence s, int start, int end) {
        if (key.length() - from != end - start) return false;
        for (int i = start, j = from; i < end; i++, j++) {
            if (lower(s.charAt(i)) != key.charAt(j)) return false;
        }
        return true;
    }

    @Override
    public String toString() {
        return "HostTable" + Arrays.toString(Arrays.stream(keys).filter(k -> k != null).limit(5).toArray());
    }
}
