package dev.vigil.core.report.html;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;

/**
 * The report's strings in one language, read from UTF-8 {@code messages_<lang>.properties}
 * next to this class; a key missing in a translation falls back to English. Placeholders are
 * {@code {0}}, {@code {1}}... (plain replacement, so apostrophes need no quoting).
 */
public final class Messages {
    /** Languages with a bundle, English first. */
    public static final List<String> LANGUAGES = List.of("en", "fr", "ar");
    private static final List<String> RTL = List.of("ar", "fa", "he", "ur");

    private final String lang;
    private final Properties strings;
    private final Properties english;

    private Messages(String lang, Properties strings, Properties english) {
        this.lang = lang;
        this.strings = strings;
        this.english = english;
    }

    /** The bundle of a language ("en", "fr", "ar"); unknown languages are refused. */
    public static Messages of(String lang) {
        if (!LANGUAGES.contains(lang)) {
            throw new IllegalArgumentException("unknown report language: " + lang + " (available: " + String.join(", ", LANGUAGES) + ")");
        }
        Properties en = load("en");
        return new Messages(lang, "en".equals(lang) ? en : load(lang), en);
    }

    static Properties load(String lang) {
        Properties p = new Properties();
        try (InputStream in = Messages.class.getResourceAsStream("messages_" + lang + ".properties")) {
            if (in == null) throw new IllegalStateException("missing bundle messages_" + lang + ".properties");
            try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                p.load(r);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    public String lang() {
        return lang;
    }

    /** "rtl" for right-to-left languages, else "ltr". */
    public String dir() {
        return RTL.contains(lang) ? "rtl" : "ltr";
    }

    public String get(String key, Object... args) {
        String s = strings.getProperty(key);
        if (s == null) s = english.getProperty(key);
        if (s == null) throw new IllegalArgumentException("no report string " + key);
        for (int i = 0; i < args.length; i++) s = s.replace("{" + i + "}", String.valueOf(args[i]));
        return s;
    }

    /** The keys of a bundle (for tests that every translation is complete). */
    static java.util.Set<String> keys(String lang) {
        return load(lang).stringPropertyNames();
    }
}
