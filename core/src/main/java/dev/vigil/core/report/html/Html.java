package dev.vigil.core.report.html;

/**
 * HTML escaping for text that comes from evidence (hostile: an SMS body may hold markup or
 * script). Everything written into a report or a web page goes through {@link #esc}; the
 * same escape is safe in element content and in double-quoted attribute values.
 */
public final class Html {
    private Html() {}

    /** Escapes {@code & < > " '} and replaces control characters (but tab and newline) with U+FFFD. */
    public static String esc(String s) {
        if (s == null) return "";
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String r = switch (c) {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '"' -> "&quot;";
                case '\'' -> "&#39;";
                default -> (c < 0x20 && c != '\t' && c != '\n') || c == 0x7f || (c >= 0x80 && c < 0xa0) ? "\uFFFD" : null;
            };
            if (r != null) {
                if (b == null) b = new StringBuilder(s.length() + 16).append(s, 0, i);
                b.append(r);
            } else if (b != null) {
                b.append(c);
            }
        }
        return b == null ? s : b.toString();
    }
}
