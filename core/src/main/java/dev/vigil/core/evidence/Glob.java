package dev.vigil.core.evidence;

import java.util.regex.Pattern;

/** Logical-path globs: {@code *} within a segment, {@code **} across segments, {@code ?} one character. */
public final class Glob {
    private final String glob;
    private final Pattern pattern;
    private final String literal;
    /** Text every match ends with (after the last wildcard): checked before the regex, which most paths then never reach. */
    private final String suffix;

    private Glob(String glob) {
        this.glob = glob;
        boolean wild = glob.indexOf('*') >= 0 || glob.indexOf('?') >= 0;
        this.literal = wild ? null : glob;
        this.pattern = wild ? Pattern.compile(toRegex(glob)) : null;
        this.suffix = wild ? literalSuffix(glob) : glob;
    }

    private static String literalSuffix(String g) {
        int last = Math.max(g.lastIndexOf('*'), g.lastIndexOf('?'));
        String s = g.substring(last + 1);
        // "**/" may match nothing at all, slash included
        if (last >= 1 && g.charAt(last) == '*' && g.charAt(last - 1) == '*' && s.startsWith("/")) s = s.substring(1);
        return s;
    }

    public static Glob of(String glob) {
        String g = glob.startsWith("/") ? glob.substring(1) : glob;
        return new Glob(g);
    }

    public boolean matches(String path) {
        return literal != null ? literal.equals(path) : path.endsWith(suffix) && pattern.matcher(path).matches();
    }

    /** The part of the glob before its first wildcard (useful to prune a directory walk). */
    public String literalPrefix() {
        if (literal != null) return literal;
        int i = 0;
        while (i < glob.length() && glob.charAt(i) != '*' && glob.charAt(i) != '?') i++;
        return glob.substring(0, i);
    }

    @Override
    public String toString() {
        return glob;
    }

    private static String toRegex(String g) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < g.length(); i++) {
            char c = g.charAt(i);
            if (c == '*') {
                if (i + 1 < g.length() && g.charAt(i + 1) == '*') {
                    i++;
                    if (i + 1 < g.length() && g.charAt(i + 1) == '/') {
                        i++;
                        sb.append("(?:.*/)?");
                    } else {
                        sb.append(".*");
                    }
                } else {
                    sb.append("[^/]*");
                }
            } else if (c == '?') {
                sb.append("[^/]");
            } else {
                sb.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return sb.toString();
    }
}
