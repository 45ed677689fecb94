package dev.vigil.network.capture;

import java.util.HashMap;
import java.util.Map;

/** IP addresses as text, with a bounded cache: captures repeat the same few addresses. */
final class IpText {
    private static final int MAX_CACHE = 200_000;
    private final Map<Integer, String> v4 = new HashMap<>();
    private final Map<V6, String> v6 = new HashMap<>();

    private record V6(long hi, long lo) {}

    String v4(byte[] b, int off) {
        int a = ((b[off] & 0xff) << 24) | ((b[off + 1] & 0xff) << 16) | ((b[off + 2] & 0xff) << 8) | (b[off + 3] & 0xff);
        String s = v4.get(a);
        if (s == null) {
            s = formatV4(b, off);
            if (v4.size() >= MAX_CACHE) v4.clear();
            v4.put(a, s);
        }
        return s;
    }

    String v6(byte[] b, int off) {
        long hi = 0, lo = 0;
        for (int i = 0; i < 8; i++) hi = (hi << 8) | (b[off + i] & 0xff);
        for (int i = 8; i < 16; i++) lo = (lo << 8) | (b[off + i] & 0xff);
        V6 k = new V6(hi, lo);
        String s = v6.get(k);
        if (s == null) {
            s = formatV6(b, off);
            if (v6.size() >= MAX_CACHE) v6.clear();
            v6.put(k, s);
        }
        return s;
    }

    static String formatV4(byte[] b, int off) {
        return (b[off] & 0xff) + "." + (b[off + 1] & 0xff) + "." + (b[off + 2] & 0xff) + "." + (b[off + 3] & 0xff);
    }

    /** RFC 5952 text: lower case, longest run of two or more zero groups shortened to "::". */
    static String formatV6(byte[] b, int off) {
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) g[i] = ((b[off + 2 * i] & 0xff) << 8) | (b[off + 2 * i + 1] & 0xff);
        int bestStart = -1, bestLen = 0;
        for (int i = 0; i < 8; ) {
            if (g[i] == 0) {
                int j = i;
                while (j < 8 && g[j] == 0) j++;
                if (j - i > bestLen && j - i >= 2) {
                    bestStart = i;
                    bestLen = j - i;
                }
                i = j;
            } else {
                i++;
            }
        }
        StringBuilder sb = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') sb.append(':');
            sb.append(Integer.toHexString(g[i]));
        }
        return sb.toString();
    }
}
