package dev.vigil.ios.modules;

import dev.vigil.core.evidence.EvidenceFile;
import dev.vigil.core.evidence.EvidenceSource;
import dev.vigil.core.evidence.Sqlite;
import dev.vigil.core.module.CheckRunner;
import dev.vigil.core.module.ModuleContext;

import java.io.IOException;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The phone numbers and e-mail addresses of the address book, read at parse time so that
 * records can say whether a sender is a known contact (checks never see the evidence).
 */
final class ContactBook {
    static final String PATH = "private/var/mobile/Library/AddressBook/AddressBook.sqlitedb";
    /** ABMultiValue.property values. */
    static final int PHONE = 3, EMAIL = 4;

    private final Set<String> keys = new HashSet<>();

    private ContactBook() {}

    /** The address book of the evidence, or null when it is absent or unreadable (warned). */
    static ContactBook load(ModuleContext ctx) {
        EvidenceSource src = ctx.source();
        try {
            EvidenceFile f = src.findOne(PATH);
            if (f == null) return null;
            ctx.used(f);
            ContactBook book = new ContactBook();
            try (Sqlite db = Sqlite.open(src, f)) {
                if (!db.hasTable("ABMultiValue")) throw new SQLException("no ABMultiValue table");
                db.query("SELECT property, value FROM ABMultiValue WHERE property IN (3, 4) LIMIT 1000000", rs -> {
                    String k = key(Db.text(rs, "value"));
                    if (k != null) book.keys.add(k);
                });
            }
            return book;
        } catch (IOException | SQLException e) {
            ctx.warn("address book not usable to tell known senders: " + CheckRunner.describe(e));
            return null;
        }
    }

    /** True when the handle (phone number or e-mail) is in the address book. */
    boolean contains(String handle) {
        String k = key(handle);
        return k != null && keys.contains(k);
    }

    /** Lookup key: e-mail lower case; phone number as its last 9 digits (ignores country prefixes). */
    static String key(String handle) {
        if (handle == null) return null;
        String h = handle.strip();
        if (h.startsWith("mailto:")) h = h.substring(7);
        if (h.startsWith("tel:")) h = h.substring(4);
        if (h.contains("@")) return h.toLowerCase(Locale.ROOT);
        StringBuilder d = new StringBuilder();
        for (char c : h.toCharArray()) if (c >= '0' && c <= '9') d.append(c);
        if (d.length() < 3) return null;
        return d.length() > 9 ? d.substring(d.length() - 9) : d.toString();
    }
}
