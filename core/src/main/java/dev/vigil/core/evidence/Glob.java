package dev.vigil.core.evidence;

import java.util.regex.Pattern;

/** Logical-path globs: {@code *} within a segment, {@code **} across segments, {@code ?} one character. */
public final class Glob {
    private final String glob;
    private final Pattern pattern;
    private final String literal;

    private Glob(String glob) {
        this.glob = glob;
        boolean wild = glob.indexOf('*') >= 0 || glob.indexOf('?') >= 0;
        this.literal = wild ? null : glob;
        this.pattern = wild ? Pattern.compile(toRegex(glob)) : null;
    }

    public static Glob of(String glob) {
        String g = glob.startsWith("/") ? glob.substring(1) : glob;
        return new Glob(g);
    }

    public boolean matches(String path) {
        return literal != null ? literal.equals(path) : pattern.matcher(path).matches();
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
