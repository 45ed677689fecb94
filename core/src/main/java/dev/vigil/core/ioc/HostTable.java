package dev.vigil.core.ioc;

import java.util.Arrays;

/**
 * An open-addressing hash table from lower-case ASCII host names to values, queried with
 * a region of any {@link CharSequence} and a hash computed right to left, so that the label
 * walk of a host ({@code a.b.evil.com}, {@code b.evil.com}, {@code evil.com}) computes every
 * suffix hash in one pass and looks them up without creating a single string.
 */
final class HostTable<V> {
    private final int mask;
    /** Hash of the key in each slot; 0 marks an empty slot (a real hash of 0 is stored as 1). */
    private final int[] hashes;
    private final String[] keys;
    private final Object[] values;
    /**
     * One-hash Bloom filter over the keys' hashes (about 16 bits per key, so a few KiB that
     * stay in the L1/L2 cache): most lookups of hosts that are not indicators stop here
     * without touching the table.
     */
    private final long[] filter;
    private final int filterMask;
    private int size;

    HostTable(int expected) {
        int cap = Integer.highestOneBit(Math.max(4, expected * 2 + 1)) << 1;
        mask = cap - 1;
        hashes = new int[cap];
        keys = new String[cap];
        values = new Object[cap];
        int bits = Integer.highestOneBit(Math.max(64, expected * 16 - 1)) << 1;
        filter = new long[bits >>> 6];
        filterMask = bits - 1;
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

    private static int bit(int h) {
        int x = h * 0x85EBCA6B;
        return x ^ (x >>> 15);
    }

    private boolean mayContain(int h) {
        int b = bit(h) & filterMask;
        return (filter[b >>> 6] & (1L << b)) != 0;
    }

    /** Adds a key (already lower-case); the first value for a key is kept. */
    void putIfAbsent(String key, V value) {
        if (size * 2 >= keys.length) throw new IllegalStateException("HostTable full");
        int h = hash(key, 0, key.length());
        if (h == 0) h = 1;
        int i = slot(h) & mask;
        while (hashes[i] != 0) {
            if (hashes[i] == h && keys[i].equals(key)) return;
            i = (i + 1) & mask;
        }
        int b = bit(h) & filterMask;
        filter[b >>> 6] |= 1L << b;
        keys[i] = key;
        hashes[i] = h;
        values[i] = value;
        size++;
    }

    /** The value for the region {@code s[start,end)} with precomputed hash, compared ignoring ASCII case. */
    @SuppressWarnings("unchecked")
    V get(int h, CharSequence s, int start, int end) {
        if (h == 0) h = 1;
        if (!mayContain(h)) return null;
        int i = slot(h) & mask;
        int c;
        while ((c = hashes[i]) != 0) {
            if (c == h && regionEquals(keys[i], 0, s, start, end)) return (V) values[i];
            i = (i + 1) & mask;
        }
        return null;
    }

    /** The value for {@code prefix + s[start,end)}, where h is the hash of that concatenation. */
    @SuppressWarnings("unchecked")
    V get(int h, String prefix, CharSequence s, int start, int end) {
        if (h == 0) h = 1;
        if (!mayContain(h)) return null;
        int i = slot(h) & mask;
        int c;
        int pl = prefix.length();
        while ((c = hashes[i]) != 0) {
            if (c == h && keys[i].startsWith(prefix) && regionEquals(keys[i], pl, s, start, end)) return (V) values[i];
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
