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
 * Call history ({@code CallHistory.storedata}: ZCALLRECORD), iOS 11 to 18: phone, FaceTime and
 * third-party (CallKit) calls. ZADDRESS is text or a UTF-8 blob depending on the version. The
 * address is checked against e-mail indicators (FaceTime and attacker Apple accounts).
 */
public final class Calls extends SqliteModule {
    @Override
    public String slug() {
        return "calls";
    }

    @Override
    public String description() {
        return "Call history from CallHistory.storedata: phone, FaceTime and app calls, addresses against e-mail indicators";
    }

    @Override
    public List<String> paths() {
        return List.of("private/var/mobile/Library/CallHistoryDB/CallHistory.storedata");
    }

    @Override
    protected void parse(ModuleContext ctx, Sqlite db, EvidenceFile file) throws SQLException {
        requireTable(db, "ZCALLRECORD", "an iOS CallHistory.storedata");
        Set<String> c = db.columns("ZCALLRECORD");
        String sql = "SELECT c.Z_PK AS id, " + Db.col(c, "c", "ZDATE", "date") + ", " + Db.col(c, "c", "ZDURATION", "duration")
                + ", " + Db.col(c, "c", "ZADDRESS", "address") + ", " + Db.col(c, "c", "ZNAME", "name") + ", "
                + Db.col(c, "c", "ZORIGINATED", "originated") + ", " + Db.col(c, "c", "ZANSWERED", "answered") + ", "
                + Db.col(c, "c", "ZCALLTYPE", "call_type") + ", " + Db.col(c, "c", "ZSERVICE_PROVIDER", "provider") + ", "
                + Db.col(c, "c", "ZISO_COUNTRY_CODE", "country") + ", " + Db.col(c, "c", "ZLOCATION", "location") + ", "
                + Db.col(c, "c", "ZDISCONNECTED_CAUSE", "disconnected_cause") + ", " + Db.col(c, "c", "ZUNIQUE_ID", "uid")
                + ", " + Db.col(c, "c", "ZHANDLE_TYPE", "handle_type") + " FROM ZCALLRECORD c ORDER BY c.Z_PK";
        db.query(sql, rs -> {
            Record r = new Record();
            Boolean out = Db.bool(rs, "originated");
            r.put("timestamp", Db.cocoa(rs, "date"));
            r.put("id", Db.lng(rs, "id"));
            r.put("direction", out == null ? null : out ? "outgoing" : "incoming");
            r.put("address", Db.text(rs, "address"));
            r.put("name", Db.text(rs, "name"));
            r.put("duration", Db.dbl(rs, "duration"));
            r.put("answered", Db.bool(rs, "answered"));
            r.put("call_type", callType(Db.lng(rs, "call_type")));
            r.put("service_provider", Db.text(rs, "provider"));
            r.put("iso_country_code", Db.text(rs, "country"));
            r.put("location", Db.text(rs, "location"));
            r.put("disconnected_cause", Db.lng(rs, "disconnected_cause"));
            r.put("handle_type", Db.lng(rs, "handle_type"));
            r.put("unique_id", Db.text(rs, "uid"));
            ctx.emit(r);
        });
    }

    /** ZCALLTYPE: 1 phone, 8 FaceTime video, 16 FaceTime audio (others kept as numbers). */
    static String callType(Long t) {
        if (t == null) return null;
        return switch (t.intValue()) {
            case 1 -> "phone";
            case 8 -> "facetime_video";
            case 16 -> "facetime_audio";
            default -> "type_" + t;
        };
    }

    @Override
    public void checkRecord(Record r, Checker checker) {
        String a = r.str("address");
        if (a != null && a.contains("@")) checker.indicators().email(a).ifPresent(m -> checker.ioc(r, m, "Call with " + a));
    }

    @Override
    protected String eventKind(Record r) {
        return "call_" + (r.str("direction") == null ? "unknown" : r.str("direction"));
    }

    @Override
    public String describe(Record r) {
        return ("outgoing".equals(r.str("direction")) ? "Call to " : "Call from ") + (r.str("address") == null ? "?" : r.str("address"))
                + " (" + r.str("call_type") + ", " + r.str("service_provider") + ", " + r.str("duration") + " s" + (r.bool("answered") ? "" : ", not answered") + ")";
    }
}
