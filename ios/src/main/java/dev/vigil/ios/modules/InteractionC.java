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
 * CoreDuet interactions ({@code interactionC.db}: ZINTERACTIONS with sender and recipients from
 * ZCONTACTS), iOS 12 to 18: which app exchanged what with whom. Content URLs, bundle ids and
 * contact identifiers are checked against indicators.
 */
public final class InteractionC extends SqliteModule {
    @Override
    public String slug() {
        return "interaction_c";
    }

    @Override
    public String description() {
        return "App interactions from interactionC.db: bundle ids, senders, recipients and content URLs against indicators";
    }

    @Override
    public List<String> paths() {
        return List.of("private/var/mobile/Library/CoreDuet/People/interactionC.db");
    }

    @Override
    protected void parse(ModuleContext ctx, Sqlite db, EvidenceFile file) throws SQLException {
        requireTable(db, "ZINTERACTIONS", "an iOS interactionC.db");
        Set<String> i = db.columns("ZINTERACTIONS");
        boolean contacts = db.hasTable("ZCONTACTS");
        Set<String> c = contacts ? db.columns("ZCONTACTS") : Set.of();
        Map<Long, List<String>> recipients = new HashMap<>();
        // The recipients join table is named after Core Data entity numbers (Z_1INTERACTIONS, Z_2INTERACTIONS...).
        if (contacts) {
            List<String> joins = new ArrayList<>();
            db.query("SELECT name FROM sqlite_master WHERE type='table' AND name GLOB 'Z_[0-9]*INTERACTIONS' ORDER BY name", rs -> joins.add(rs.getString(1)));
            for (String j : joins) {
                if (!j.matches("Z_[0-9]+INTERACTIONS")) continue; // names go into SQL: only the Core Data shape
                Set<String> jc = db.columns(j);
                String contactCol = jc.stream().filter(s -> s.endsWith("recipients") || s.endsWith("contacts")).findFirst().orElse(null);
                String interCol = jc.stream().filter(s -> s.endsWith("interactions")).findFirst().orElse(null);
                if (contactCol == null || interCol == null || !c.contains("zidentifier")
                        || !contactCol.matches("z_[0-9]+[a-z]+") || !interCol.matches("z_[0-9]+[a-z]+")) continue;
                db.query("SELECT j." + interCol + " AS inter, k.ZIDENTIFIER AS ident FROM " + j + " j JOIN ZCONTACTS k ON k.Z_PK = j." + contactCol
                        + " ORDER BY j." + interCol + ", k.Z_PK LIMIT 5000000", rs -> {
                            Long id = Db.lng(rs, "inter");
                            String ident = Db.text(rs, "ident");
                            if (id == null || ident == null) return;
                            List<String> l = recipients.computeIfAbsent(id, k -> new ArrayList<>());
                            if (l.size() < 200 && !l.contains(ident)) l.add(ident);
                        });
            }
        }
        boolean sender = contacts && i.contains("zsender");
        String sql = "SELECT i.Z_PK AS id, " + Db.col(i, "i", "ZSTARTDATE", "start") + ", " + Db.col(i, "i", "ZENDDATE", "end") + ", "
                + Db.col(i, "i", "ZCREATIONDATE", "created") + ", " + Db.col(i, "i", "ZBUNDLEID", "bundle") + ", "
                + Db.col(i, "i", "ZTARGETBUNDLEID", "target_bundle") + ", " + Db.col(i, "i", "ZACCOUNT", "account") + ", "
                + Db.col(i, "i", "ZDIRECTION", "direction") + ", " + Db.col(i, "i", "ZMECHANISM", "mechanism") + ", "
                + Db.col(i, "i", "ZDOMAINIDENTIFIER", "domain_id") + ", " + Db.col(i, "i", "ZDERIVEDINTENTIDENTIFIER", "intent") + ", "
                + Db.col(i, "i", "ZGROUPNAME", "group_name") + ", " + Db.col(i, "i", "ZCONTENTURL", "content_url") + ", "
                + Db.col(i, "i", "ZRECIPIENTCOUNT", "recipient_count") + ", " + Db.col(i, "i", "ZUUID", "uuid") + ", "
                + (sender ? Db.col(c, "s", "ZIDENTIFIER", "sender_id") + ", " + Db.col(c, "s", "ZDISPLAYNAME", "sender_name")
                        : "NULL AS sender_id, NULL AS sender_name")
                + " FROM ZINTERACTIONS i" + (sender ? " LEFT JOIN ZCONTACTS s ON s.Z_PK = i.ZSENDER" : "") + " ORDER BY i.Z_PK";
        db.query(sql, rs -> {
            Long id = Db.lng(rs, "id");
            String url = Db.text(rs, "content_url");
            Record r = new Record();
            r.put("timestamp", Db.cocoa(rs, "start"));
            r.put("id", id);
            r.put("bundle_id", Db.text(rs, "bundle"));
            r.put("target_bundle_id", Db.text(rs, "target_bundle"));
            r.put("account", Db.text(rs, "account"));
            r.put("direction", direction(Db.lng(rs, "direction")));
            r.put("mechanism", Db.lng(rs, "mechanism"));
            r.put("sender", Db.text(rs, "sender_id"));
            r.put("sender_name", Db.text(rs, "sender_name"));
            r.put("recipients", recipients.getOrDefault(id, List.of()));
            r.put("recipient_count", Db.lng(rs, "recipient_count"));
            r.put("group_name", Db.text(rs, "group_name"));
            r.put("domain_identifier", Db.text(rs, "domain_id"));
            r.put("derived_intent_identifier", Db.text(rs, "intent"));
            r.put("content_url", url);
            r.put("end_date", Db.cocoa(rs, "end"));
            r.put("creation_date", Db.cocoa(rs, "created"));
            r.put("uuid", Db.text(rs, "uuid"));
            ctx.emit(r);
        });
    }

    /** ZDIRECTION: 0 incoming, 1 outgoing. */
    static String direction(Long d) {
        if (d == null) return null;
        return d == 0 ? "incoming" : d == 1 ? "outgoing" : "direction_" + d;
    }

    @Override
    public void checkRecord(Record r, Checker checker) {
        Links.check(checker, r, "Interaction content URL", "content_url");
        for (String f : new String[] {"bundle_id", "target_bundle_id"}) {
            String b = r.str(f);
            if (b != null) checker.indicators().appId(b).ifPresent(m -> checker.ioc(r, m, "App " + b));
        }
        List<String> people = new ArrayList<>(r.strings("recipients"));
        if (r.str("sender") != null) people.add(0, r.str("sender"));
        for (String p : people) {
            String v = p.startsWith("mailto:") ? p.substring(7) : p;
            if (v.contains("@")) checker.indicators().email(v).ifPresent(m -> checker.ioc(r, m, "Interaction with " + v));
        }
    }

    @Override
    public String describe(Record r) {
        return "Interaction via " + r.str("bundle_id") + " (" + r.str("direction") + ")" + (r.str("sender") == null ? "" : " from " + r.str("sender"))
                + (r.strings("recipients").isEmpty() ? "" : " to " + String.join(", ", r.strings("recipients")));
    }
}
