package dev.vigil.ios.modules;

import dev.vigil.core.evidence.EvidenceFile;
import dev.vigil.core.evidence.Sqlite;
import dev.vigil.core.model.Record;
import dev.vigil.core.module.Checker;
import dev.vigil.core.module.ModuleContext;

import java.sql.SQLException;
import java.util.List;
import java.util.Set;

/**
 * WhatsApp's view of the address book ({@code ContactsV2.sqlite} in the WhatsApp app group:
 * ZWAADDRESSBOOKCONTACT), WhatsApp 2.21 to 2.24. Links in the contacts' "about" texts are
 * checked against indicators.
 */
public final class WhatsappContacts extends SqliteModule {
    @Override
    public String slug() {
        return "whatsapp_contacts";
    }

    @Override
    public String description() {
        return "WhatsApp contacts from ContactsV2.sqlite: names, numbers, WhatsApp ids, links in about texts";
    }

    @Override
    public List<String> paths() {
        return List.of("private/var/mobile/Containers/Shared/AppGroup/*/ContactsV2.sqlite");
    }

    @Override
    protected void parse(ModuleContext ctx, Sqlite db, EvidenceFile file) throws SQLException {
        requireTable(db, "ZWAADDRESSBOOKCONTACT", "a WhatsApp ContactsV2.sqlite");
        Set<String> c = db.columns("ZWAADDRESSBOOKCONTACT");
        String sql = "SELECT c.Z_PK AS id, " + Db.col(c, "c", "ZFULLNAME", "full_name") + ", " + Db.col(c, "c", "ZGIVENNAME", "given_name")
                + ", " + Db.col(c, "c", "ZPHONENUMBER", "phone") + ", " + Db.col(c, "c", "ZPHONENUMBERLABEL", "phone_label")
                + ", " + Db.col(c, "c", "ZWHATSAPPID", "wa_id") + ", " + Db.colAny(c, "c", "about", "ZABOUTTEXT", "ZSTATUSTEXT")
                + ", " + Db.colAny(c, "c", "about_date", "ZABOUTTIMESTAMP", "ZSTATUSDATE") + ", " + Db.col(c, "c", "ZLASTUPDATED", "updated")
                + ", " + Db.col(c, "c", "ZIDENTIFIER", "identifier") + " FROM ZWAADDRESSBOOKCONTACT c ORDER BY c.Z_PK";
        db.query(sql, rs -> {
            Record r = new Record();
            String about = Db.text(rs, "about");
            r.put("timestamp", Db.cocoa(rs, "updated"));
            r.put("id", Db.lng(rs, "id"));
            r.put("full_name", Db.text(rs, "full_name"));
            r.put("given_name", Db.text(rs, "given_name"));
            r.put("phone_number", Db.text(rs, "phone"));
            r.put("phone_label", Db.text(rs, "phone_label"));
            r.put("whatsapp_id", Db.text(rs, "wa_id"));
            r.put("about", about);
            r.put("about_date", Db.cocoa(rs, "about_date"));
            r.put("identifier", Db.text(rs, "identifier"));
            r.put("links", Links.inText(about));
            ctx.emit(r);
        });
    }

    @Override
    public void checkRecord(Record r, Checker checker) {
        Links.check(checker, r, "Link in a WhatsApp contact's about text", "links");
    }

    @Override
    public String describe(Record r) {
        return "WhatsApp contact " + (r.str("full_name") == null ? "?" : r.str("full_name")) + " (" + (r.str("whatsapp_id") == null ? r.str("phone_number") : r.str("whatsapp_id")) + ")";
    }
}
