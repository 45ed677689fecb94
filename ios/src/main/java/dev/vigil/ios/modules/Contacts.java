package dev.vigil.ios.modules;

import dev.vigil.core.evidence.EvidenceFile;
import dev.vigil.core.evidence.Sqlite;
import dev.vigil.core.model.Record;
import dev.vigil.core.module.Checker;
import dev.vigil.core.module.ModuleContext;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The address book ({@code AddressBook.sqlitedb}: ABPerson with its ABMultiValue phone numbers,
 * e-mail addresses and URLs), iOS 12 to 18. E-mail addresses, URLs and links in notes are
 * checked against indicators.
 */
public final class Contacts extends SqliteModule {
    /** ABMultiValue.property values. */
    static final int PHONE = 3, EMAIL = 4, URL = 22;

    @Override
    public String slug() {
        return "contacts";
    }

    @Override
    public String description() {
        return "Contacts from AddressBook.sqlitedb: names, phone numbers, e-mail addresses and URLs against indicators";
    }

    @Override
    public List<String> paths() {
        return List.of(ContactBook.PATH);
    }

    @Override
    protected void parse(ModuleContext ctx, Sqlite db, EvidenceFile file) throws SQLException {
        requireTable(db, "ABPerson", "an iOS AddressBook.sqlitedb");
        Set<String> p = db.columns("ABPerson");
        Map<Long, Map<Integer, List<String>>> values = new HashMap<>();
        if (db.hasTable("ABMultiValue")) {
            db.query("SELECT record_id, property, value FROM ABMultiValue WHERE property IN (3, 4, 22) ORDER BY UID LIMIT 2000000", rs -> {
                Long id = Db.lng(rs, "record_id");
                Long prop = Db.lng(rs, "property");
                String v = Db.text(rs, "value");
                if (id == null || prop == null || v == null) return;
                List<String> l = values.computeIfAbsent(id, k -> new HashMap<>()).computeIfAbsent(prop.intValue(), k -> new ArrayList<>());
                if (l.size() < 500) l.add(v);
            });
        } else {
            ctx.warn(file.path() + " has no ABMultiValue table: phone numbers and e-mail addresses are missing");
        }
        String sql = "SELECT p.ROWID AS id, " + Db.col(p, "p", "First", "first") + ", " + Db.col(p, "p", "Middle", "middle") + ", "
                + Db.col(p, "p", "Last", "last") + ", " + Db.col(p, "p", "Nickname", "nickname") + ", " + Db.col(p, "p", "Organization", "org")
                + ", " + Db.col(p, "p", "JobTitle", "job") + ", " + Db.col(p, "p", "Note", "note") + ", "
                + Db.col(p, "p", "CreationDate", "created") + ", " + Db.col(p, "p", "ModificationDate", "modified") + ", "
                + Db.col(p, "p", "guid", "guid") + " FROM ABPerson p ORDER BY p.ROWID";
        int[] n = {0};
        db.query(sql, rs -> {
            Long id = Db.lng(rs, "id");
            Map<Integer, List<String>> mv = values.getOrDefault(id, Map.of());
            String note = Db.text(rs, "note");
            Record r = new Record();
            r.put("timestamp", Db.cocoa(rs, "created"));
            r.put("id", id);
            r.put("first", Db.text(rs, "first"));
            r.put("middle", Db.text(rs, "middle"));
            r.put("last", Db.text(rs, "last"));
            r.put("nickname", Db.text(rs, "nickname"));
            r.put("organization", Db.text(rs, "org"));
            r.put("job_title", Db.text(rs, "job"));
            r.put("phone_numbers", mv.getOrDefault(PHONE, List.of()));
            r.put("emails", mv.getOrDefault(EMAIL, List.of()));
            r.put("urls", mv.getOrDefault(URL, List.of()));
            r.put("note", note);
            r.put("links", Links.inText(note));
            r.put("modification_date", Db.cocoa(rs, "modified"));
            r.put("guid", Db.text(rs, "guid"));
            ctx.emit(r);
            n[0]++;
        });
        if (n[0] == 0) ctx.warn(file.path() + " holds no contacts (ABPerson is empty)");
    }

    @Override
    public void checkRecord(Record r, Checker checker) {
        for (String e : r.strings("emails")) checker.indicators().email(e).ifPresent(m -> checker.ioc(r, m, "Contact e-mail address " + e));
        Links.check(checker, r, "Contact URL", "urls", "links");
    }

    @Override
    public String describe(Record r) {
        String name = String.join(" ", java.util.stream.Stream.of(r.str("first"), r.str("last")).filter(java.util.Objects::nonNull).toList());
        if (name.isEmpty()) name = r.str("organization") == null ? "(no name)" : r.str("organization");
        return "Contact " + name + " " + String.join(", ", r.strings("phone_numbers")) + (r.strings("emails").isEmpty() ? "" : " " + String.join(", ", r.strings("emails")));
    }
}
