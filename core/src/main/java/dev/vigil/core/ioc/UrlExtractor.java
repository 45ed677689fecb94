package dev.vigil.core.ioc;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds URLs and bare domain names in free text (messages, notes, logs). A hand-written
 * linear scanner, not a regular expression, so hostile text cannot make it backtrack:
 * <ul>
 *   <li>text is cut into tokens at white space, quotes, angle brackets and non-ASCII
 *       punctuation (so "链接：https://evil.com。" gives https://evil.com);</li>
 *   <li>inside a token every {@code scheme://} starts a URL, even when glued to the
 *       preceding word ({@code "Click:https://evil.com"});</li>
 *   <li>elsewhere, a run of host characters with a dot and a top-level label of two or more
 *       letters (or an IPv4 literal) is a scheme-less URL, with its port and path;</li>
 *   <li>trailing punctuation ({@code .,;:!?'"}) and unbalanced closing brackets are dropped.</li>
 * </ul>
 */
public final class UrlExtractor {
    /** At most this many candidates per text (hostile input bound). */
    static final int MAX_CANDIDATES = 10_000;

    private UrlExtractor() {}

    /** The URL-like substrings of a text, in order, with trailing punctuation removed. */
    public static List<String> extract(String text) {
        List<String> out = new ArrayList<>();
        if (text == null) return out;
        int n = text.length(), i = 0;
        while (i < n && out.size() < MAX_CANDIDATES) {
            while (i < n && delimiter(text.charAt(i))) i++;
            int j = i;
            while (j < n && !delimiter(text.charAt(j))) j++;
            if (j > i) token(text, i, j, out);
            i = j;
        }
        return out;
    }

    private static boolean delimiter(char c) {
        if (c <= ' ' || c == '"' || c == '\'' || c == '<' || c == '>' || c == '`' || c == '|' || c == '{' || c == '}' || c == '^') return true;
        if (c < 0x80) return false;
        if (Character.isWhitespace(c) || Character.isSpaceChar(c)) return true;
        int t = Character.getType(c);
        return t == Character.OTHER_PUNCTUATION || t == Character.START_PUNCTUATION || t == Character.END_PUNCTUATION
                || t == Character.INITIAL_QUOTE_PUNCTUATION || t == Character.FINAL_QUOTE_PUNCTUATION
                || t == Character.DASH_PUNCTUATION || t == Character.CONTROL || t == Character.FORMAT;
    }

    private static void token(String s, int start, int end, List<String> out) {
        int from = start;
        while (from < end) {
            int sep = schemeSep(s, from, end);
            if (sep < 0) {
                bare(s, from, end, out);
                return;
            }
            int schemeStart = sep;
            while (schemeStart > from && Normalize.isSchemeChar(s.charAt(schemeStart - 1))) schemeStart--;
            // "word.https://x": the scheme is what follows the last dot.
            int dot = lastDot(s, schemeStart, sep);
            if (dot >= 0) schemeStart = dot + 1;
            while (schemeStart < sep && !Normalize.isAlpha(s.charAt(schemeStart))) schemeStart++;
            if (schemeStart == sep) { // "://" without a scheme: skip it
                bare(s, from, sep, out);
                from = sep + 3;
                continue;
            }
            bare(s, from, schemeStart, out);
            // The URL runs to the next "scheme://" in the same token, or to its end.
            int next = schemeSep(s, sep + 3, end);
            int urlEnd = end;
            if (next >= 0) {
                int ns = next;
                while (ns > sep + 3 && Normalize.isSchemeChar(s.charAt(ns - 1))) ns--;
                int d = lastDot(s, ns, next);
                if (d >= 0) ns = d + 1;
                while (ns < next && !Normalize.isAlpha(s.charAt(ns))) ns++;
                if (ns < next) urlEnd = ns;
            }
            add(s, schemeStart, urlEnd, out);
            from = urlEnd;
        }
    }

    /** Index of the first "://" inside s[from,to), or -1 (never looks past the token). */
    private static int schemeSep(String s, int from, int to) {
        for (int i = from; i + 2 < to; i++) {
            if (s.charAt(i) == ':' && s.charAt(i + 1) == '/' && s.charAt(i + 2) == '/') return i;
        }
        return -1;
    }

    /** Index of the last '.' in s[from,to), or -1 (bounded, unlike String.lastIndexOf). */
    private static int lastDot(String s, int from, int to) {
        for (int i = to - 1; i >= from; i--) if (s.charAt(i) == '.') return i;
        return -1;
    }

    private static boolean hostChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.'
                || c >= 0x80 && Character.isLetterOrDigit(c);
    }

    /** Scheme-less candidates in s[from,end): host runs with a plausible top-level label. */
    private static void bare(String s, int from, int end, List<String> out) {
        int i = from;
        while (i < end && out.size() < MAX_CANDIDATES) {
            while (i < end && !hostChar(s.charAt(i))) i++;
            int hs = i;
            while (i < end && hostChar(s.charAt(i))) i++;
            int he = i;
            int h = he;
            while (h > hs && s.charAt(h - 1) == '.') h--;
            int hstart = hs;
            while (hstart < h && (s.charAt(hstart) == '.' || s.charAt(hstart) == '-')) hstart++;
            if (!plausibleHost(s, hstart, h)) continue;
            int e = he;
            if (e == h && e < end && s.charAt(e) == ':') { // port
                int p = e + 1;
                while (p < end && p - e <= 6 && s.charAt(p) >= '0' && s.charAt(p) <= '9') p++;
                if (p > e + 1) e = p;
            }
            if (e == he && e < end && (s.charAt(e) == '/' || s.charAt(e) == '?' || s.charAt(e) == '#') || e > he && e < end && s.charAt(e) == '/') {
                e = end; // path to the end of the token
            } else if (e == he) {
                e = h;
            }
            add(s, hstart, e, out);
            i = e;
        }
    }

    private static boolean plausibleHost(String s, int start, int end) {
        int lastDot = lastDot(s, start, end);
        if (lastDot < 0 || lastDot == end - 1) return false;
        int ls = lastDot + 1;
        if (end - ls >= 4 && s.regionMatches(true, ls, "xn--", 0, 4)) return true;
        boolean digits = true, letters = true;
        for (int k = ls; k < end; k++) {
            char c = s.charAt(k);
            if (!(c >= '0' && c <= '9')) digits = false;
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80 && Character.isLetter(c))) letters = false;
        }
        if (letters) return end - ls >= 2;
        return digits && Normalize.isDottedQuad(s.substring(start, end));
    }

    private static void add(String s, int start, int end, List<String> out) {
        int parens = 0, brackets = 0; // opened minus closed, counted once
        for (int k = start; k < end; k++) {
            char c = s.charAt(k);
            if (c == '(') parens++;
            else if (c == ')') parens--;
            else if (c == '[') brackets++;
            else if (c == ']') brackets--;
        }
        while (end > start) {
            char c = s.charAt(end - 1);
            if (".,;:!?".indexOf(c) >= 0) { end--; continue; }
            if (c == ')' && parens < 0) { parens++; end--; continue; }
            if (c == ']' && brackets < 0) { brackets++; end--; continue; }
            break;
        }
        if (end > start) out.add(s.substring(start, end));
    }
}
