package dev.vigil.ios.modules;

import dev.vigil.core.ioc.Match;
import dev.vigil.core.ioc.UrlExtractor;
import dev.vigil.core.model.Record;
import dev.vigil.core.module.Checker;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** URL helpers shared by messaging and browsing modules. */
final class Links {
    /** At most this many links are kept per record. */
    static final int MAX_LINKS = 200;

    private Links() {}

    /** The URLs and bare domains found in texts, deduplicated, in order. */
    static List<String> inText(String... texts) {
        List<String> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String t : texts) {
            for (String u : UrlExtractor.extract(t)) {
                if (out.size() >= MAX_LINKS) return out;
                if (seen.add(u)) out.add(u);
            }
        }
        return out;
    }

    /**
     * Checks each URL of the given record fields against URL and domain indicators and raises
     * one CRITICAL alert per distinct indicator. Returns true when something matched.
     */
    static boolean check(Checker checker, Record r, String what, String... fields) {
        Set<Object> seen = new HashSet<>();
        boolean any = false;
        for (String f : fields) {
            for (String u : r.strings(f)) {
                Optional<Match> m = checker.indicators().url(u);
                if (m.isPresent() && seen.add(m.get().indicator())) {
                    checker.ioc(r, m.get(), what + " " + u);
                    any = true;
                }
            }
        }
        return any;
    }

    /** Checks domain names (no scheme) of record fields against domain indicators. */
    static boolean checkDomains(Checker checker, Record r, String what, String... fields) {
        Set<Object> seen = new HashSet<>();
        boolean any = false;
        for (String f : fields) {
            for (String d : r.strings(f)) {
                Optional<Match> m = checker.indicators().domain(d);
                if (m.isPresent() && seen.add(m.get().indicator())) {
                    checker.ioc(r, m.get(), what + " " + d);
                    any = true;
                }
            }
        }
        return any;
    }

    /** Shortens a text for a one-line description. */
    static String brief(String s, int max) {
        if (s == null) return "";
        // whitespace runs become one space (as replaceAll("\\s+", " ").strip(), without a regex: called for every message)
        StringBuilder b = new StringBuilder(s.length());
        boolean space = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r') {
                space = b.length() > 0;
            } else {
                if (space) b.append(' ');
                space = false;
                b.append(c);
            }
        }
        String t = b.toString().strip();
        return t.length() <= max ? t : t.substring(0, max - 1) + "…";
    }
}
