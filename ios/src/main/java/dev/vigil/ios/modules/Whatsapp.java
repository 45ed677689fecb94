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
 * WhatsApp messages ({@code ChatStorage.sqlite} in the WhatsApp app group: ZWAMESSAGE with its
 * chat session, media item and link-preview data items), WhatsApp 2.21 to 2.24 on iOS 14 to 18.
 * Every link in the text, the media URL and link previews is checked against indicators.
 */
public final class Whatsapp extends SqliteModule {
    static final String PATH = "private/var/mobile/Containers/Shared/AppGroup/*/ChatStorage.sqlite";

    @Override
    public String slug() {
        return "whatsapp";
    }

    @Override
    public String description() {
        return "WhatsApp messages from ChatStorage.sqlite: links in texts, media URLs and link previews against indicators";
    }

    @Override
    public List<String> paths() {
        return List.of(PATH);
    }

    @Override
    protected void parse(ModuleContext ctx, Sqlite db, EvidenceFile file) throws SQLException {
        requireTable(db, "ZWAMESSAGE", "a WhatsApp ChatStorage.sqlite");
        Set<String> m = db.columns("ZWAMESSAGE");
        boolean sessions = db.hasTable("ZWACHATSESSION") && m.contains("zchatsession");
        boolean media = db.hasTable("ZWAMEDIAITEM") && m.contains("zmediaitem");
        Set<String> s = sessions ? db.columns("ZWACHATSESSION") : Set.of();
        Set<String> mi = media ? db.columns("ZWAMEDIAITEM") : Set.of();
        Map<Long, List<String>> previews = new HashMap<>();
        if (db.hasTable("ZWAMESSAGEDATAITEM")) {
            Set<String> d = db.columns("ZWAMESSAGEDATAITEM");
            if (d.contains("zmessage")) {
                db.query("SELECT d.ZMESSAGE AS msg, " + Db.col(d, "d", "ZMATCHEDTEXT", "matched") + ", " + Db.col(d, "d", "ZCONTENT1", "c1")
                        + ", " + Db.col(d, "d", "ZCONTENT2", "c2") + " FROM ZWAMESSAGEDATAITEM d ORDER BY d.Z_PK LIMIT 1000000", rs -> {
                            Long id = Db.lng(rs, "msg");
                            if (id == null) return;
                            List<String> l = previews.computeIfAbsent(id, k -> new ArrayList<>());
                            if (l.size() < Links.MAX_LINKS) l.addAll(Links.inText(Db.text(rs, "matched"), Db.text(rs, "c1"), Db.text(rs, "c2")));
                        });
            }
        }
        String sql = "SELECT m.Z_PK AS id, " + Db.col(m, "m", "ZMESSAGEDATE", "date") + ", " + Db.col(m, "m", "ZSENTDATE", "sent")
                + ", " + Db.col(m, "m", "ZISFROMME", "from_me") + ", " + Db.col(m, "m", "ZFROMJID", "from_jid") + ", "
                + Db.col(m, "m", "ZTOJID", "to_jid") + ", " + Db.col(m, "m", "ZTEXT", "text") + ", " + Db.col(m, "m", "ZMESSAGETYPE", "type")
                + ", " + Db.col(m, "m", "ZSTANZAID", "stanza") + ", " + Db.col(m, "m", "ZPUSHNAME", "push_name") + ", "
                + (sessions ? Db.col(s, "s", "ZCONTACTJID", "chat_jid") + ", " + Db.col(s, "s", "ZPARTNERNAME", "chat_name")
                        : "NULL AS chat_jid, NULL AS chat_name")
                + ", " + (media ? Db.col(mi, "mi", "ZMEDIAURL", "media_url") + ", " + Db.col(mi, "mi", "ZMEDIALOCALPATH", "media_path")
                        + ", " + Db.col(mi, "mi", "ZTITLE", "media_title") + ", " + Db.col(mi, "mi", "ZFILESIZE", "media_size")
                        : "NULL AS media_url, NULL AS media_path, NULL AS media_title, NULL AS media_size")
                + " FROM ZWAMESSAGE m"
                + (sessions ? " LEFT JOIN ZWACHATSESSION s ON s.Z_PK = m.ZCHATSESSION" : "")
                + (media ? " LEFT JOIN ZWAMEDIAITEM mi ON mi.Z_PK = m.ZMEDIAITEM" : "")
                + " ORDER BY m.Z_PK";
        String container = Db.container(file.path());
        String app = app();
        db.query(sql, rs -> {
            Record r = new Record();
            Boolean fromMe = Db.bool(rs, "from_me");
            String text = Db.text(rs, "text");
            String mediaUrl = Db.text(rs, "media_url");
            Long id = Db.lng(rs, "id");
            List<String> links = new ArrayList<>(Links.inText(text, Db.text(rs, "media_title")));
            for (String p : previews.getOrDefault(id, List.of())) if (!links.contains(p) && links.size() < Links.MAX_LINKS) links.add(p);
            r.put("timestamp", Db.cocoa(rs, "date"));
            r.put("id", id);
            r.put("direction", fromMe == null ? null : fromMe ? "sent" : "received");
            r.put("from_jid", Db.text(rs, "from_jid"));
            r.put("to_jid", Db.text(rs, "to_jid"));
            r.put("chat_jid", Db.text(rs, "chat_jid"));
            r.put("chat_name", Db.text(rs, "chat_name"));
            r.put("push_name", Db.text(rs, "push_name"));
            r.put("message_type", Db.lng(rs, "type"));
            r.put("stanza_id", Db.text(rs, "stanza"));
            r.put("text", text);
            r.put("links", links);
            r.put("media_url", mediaUrl);
            r.put("media_local_path", Db.text(rs, "media_path"));
            r.put("media_title", Db.text(rs, "media_title"));
            r.put("media_size", Db.lng(rs, "media_size"));
            r.put("sent_date", Db.cocoa(rs, "sent"));
            r.put("container", container);
            r.put("app", app);
            ctx.emit(r);
        });
    }

    @Override
    public void checkRecord(Record r, Checker checker) {
        Links.check(checker, r, "Link in WhatsApp message", "links", "media_url");
    }

    @Override
    protected String eventKind(Record r) {
        return "message_" + (r.str("direction") == null ? "unknown" : r.str("direction"));
    }

    @Override
    public String describe(Record r) {
        String peer = r.str("chat_name") != null ? r.str("chat_name") : r.str("chat_jid");
        String body = r.str("text") != null ? Links.brief(r.str("text"), 120) : r.str("media_url") != null ? "(media)" : "(type " + r.str("message_type") + ")";
        return "WhatsApp message " + ("sent".equals(r.str("direction")) ? "to " : "from ") + (peer == null ? "?" : peer) + ": " + body;
    }
}
