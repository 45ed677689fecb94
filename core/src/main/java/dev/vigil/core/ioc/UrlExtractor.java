package dev.vigil.core.ioc;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Finds URLs and bare domain names in free text (messages, notes, logs). */
public final class UrlExtractor {
    // scheme://... up to white space or a closing bracket/quote; or a bare host with a TLD of 2+ letters and optional path.
    private static final Pattern CANDIDATE = Pattern.compile(
            "(?i)\\b(?:[a-z][a-z0-9+.-]{1,15}://[^\\s<>\"'`]+"
                    + "|(?:[a-z0-9\\u00a1-\\uffff](?:[a-z0-9\\u00a1-\\uffff-]{0,62})\\.)+(?:[a-z\\u00a1-\\uffff]{2,63}|xn--[a-z0-9-]{2,59})\\.?(?::\\d{1,5})?(?:/[^\\s<>\"'`]*)?)");

    private UrlExtractor() {}

    /** The URL-like substrings of a text, in order, with trailing punctuation removed. */
    public static List<String> extract(String text) {
        List<String> out = new ArrayList<>();
        if (text == null) return out;
        Matcher m = CANDIDATE.matcher(text);
        while (m.find()) {
            String s = m.group();
            while (!s.isEmpty() && ".,;:!?)]}".indexOf(s.charAt(s.length() - 1)) >= 0) s = s.substring(0, s.length() - 1);
            if (!s.isEmpty()) out.add(s);
        }
        return out;
    }
}
