package dev.vigil.ios.modules;

import dev.vigil.core.evidence.EvidenceFile;
import dev.vigil.core.evidence.Sqlite;
import dev.vigil.core.model.Level;
import dev.vigil.core.model.Record;
import dev.vigil.core.module.Checker;
import dev.vigil.core.module.ModuleContext;

import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * SMS and iMessage messages ({@code sms.db}: {@code message} joined to {@code handle}), iOS 10
 * to 18. The text is taken from {@code text}, or, when that is NULL (common since iOS 16),
 * from the archived {@code attributedBody}. Checks: every link in the text against URL and
 * domain indicators, the sender's address against e-mail indicators (attack accounts used
 * for iMessage exploits), and Apple threat notifications.
 */
public final class Sms extends SqliteModule {
    static final String PATH = "private/var/mobile/Library/SMS/sms.db";

    /** Wording of Apple's threat notifications (2021 "state-sponsored", 2024+ "mercenary spyware"). */
    static final Pattern THREAT_NOTIFICATION = Pattern.compile(
            "(?is)apple\\s+(believes|detected\\s+that)\\s+you\\s+are\\s+being\\s+targeted"
                    + "|targeted\\s+mercenary\\s+spyware\\s+attack"
                    + "|being\\s+targeted\\s+by\\s+(a\\s+)?mercenary\\s+spyware"
                    + "|state-sponsored\\s+attackers\\s+may\\s+be\\s+targeting\\s+your\\s+iphone");

    @Override
    public String slug() {
        return "sms";
    }

    @Override
    public String description() {
        return "SMS and iMessage messages from sms.db: links and senders against indicators, Apple threat notifications";
    }

    @Override
    public List<String> paths() {
        return List.of(PATH);
    }

    @Override
    protected void parse(ModuleContext ctx, Sqlite db, EvidenceFile file) throws SQLException {
        requireTable(db, "message", "an iOS sms.db");
        Set<String> m = db.columns("message");
        boolean handles = db.hasTable("handle");
        String sql = "SELECT m.ROWID AS id, " + Db.col(m, "m", "guid", "guid") + ", " + Db.col(m, "m", "date", "date") + ", "
                + Db.col(m, "m", "date_read", "date_read") + ", " + Db.col(m, "m", "date_delivered", "date_delivered") + ", "
                + Db.col(m, "m", "is_from_me", "is_from_me") + ", " + Db.col(m, "m", "is_read", "is_read") + ", "
                + Db.col(m, "m", "service", "service") + ", " + Db.col(m, "m", "account", "account") + ", "
                + Db.col(m, "m", "destination_caller_id", "destination_caller_id") + ", "
                + Db.col(m, "m", "text", "text") + ", " + Db.col(m, "m", "attributedBody", "attributed_body") + ", "
                + Db.col(m, "m", "subject", "subject") + ", " + Db.col(m, "m", "cache_has_attachments", "has_attachments") + ", "
                + Db.col(m, "m", "balloon_bundle_id", "balloon_bundle_id") + ", " + Db.col(m, "m", "date_edited", "date_edited") + ", "
                + Db.col(m, "m", "date_retracted", "date_retracted") + ", "
                + (handles ? "h.id AS handle, h.service AS handle_service" : "NULL AS handle, NULL AS handle_service")
                + " FROM message m" + (handles && m.contains("handle_id") ? " LEFT JOIN handle h ON h.ROWID = m.handle_id" : handles ? " LEFT JOIN handle h ON 0" : "")
                + " ORDER BY m.ROWID";
        int[] undecoded = {0};
        db.query(sql, rs -> {
            String text = Db.text(rs, "text");
            String source = text == null ? null : "text";
            if (text == null) {
                byte[] body = Db.bytes(rs, "attributed_body");
                if (body != null) {
                    text = Typedstream.string(body);
                    if (text != null) source = "attributedBody";
                    else undecoded[0]++;
                }
            }
            Boolean fromMe = Db.bool(rs, "is_from_me");
            Record r = new Record();
            r.put("timestamp", Db.cocoa(rs, "date"));
            r.put("id", Db.lng(rs, "id"));
            r.put("guid", Db.text(rs, "guid"));
            r.put("direction", fromMe == null ? null : fromMe ? "sent" : "received");
            r.put("service", Db.text(rs, "service"));
            r.put("handle", Db.text(rs, "handle"));
            r.put("account", Db.text(rs, "account"));
            r.put("destination_caller_id", Db.text(rs, "destination_caller_id"));
            r.put("text", text);
            r.put("text_source", source);
            r.put("subject", Db.text(rs, "subject"));
            r.put("links", Links.inText(text, Db.text(rs, "subject")));
            r.put("has_attachments", Db.bool(rs, "has_attachments"));
            r.put("balloon_bundle_id", Db.text(rs, "balloon_bundle_id"));
            r.put("is_read", Db.bool(rs, "is_read"));
            r.put("date_read", Db.cocoa(rs, "date_read"));
            r.put("date_delivered", Db.cocoa(rs, "date_delivered"));
            r.put("date_edited", Db.cocoa(rs, "date_edited"));
            r.put("date_retracted", Db.cocoa(rs, "date_retracted"));
            ctx.emit(r);
        });
        if (undecoded[0] > 0) ctx.warn(undecoded[0] + " message(s) had no text and an attributedBody that could not be decoded");
    }

    @Override
    public void checkRecord(Record r, Checker checker) {
        Links.check(checker, r, "Link in message", "links");
        String handle = r.str("handle");
        if (handle != null && handle.contains("@")) {
            String role = "Message " + ("sent".equals(r.str("direction")) ? "recipient " : "sender ");
            var byAddress = checker.indicators().email(handle);
            if (byAddress.isPresent()) checker.ioc(r, byAddress.get(), role + handle);
            else checker.indicators().domain(handle.substring(handle.lastIndexOf('@') + 1))
                    .ifPresent(m -> checker.ioc(r, m, role + handle + " (its mail domain)"));
        }
        String text = r.str("text");
        if (text != null && "received".equals(r.str("direction")) && mentionsTarget(text) && THREAT_NOTIFICATION.matcher(text).find()) {
            checker.alert(Level.HIGH, r,
                    "Message from " + (handle == null ? "an unknown sender" : handle) + " reads like an Apple threat notification (\""
                            + Links.brief(text, 90) + "\")",
                    "Apple sends threat notifications by iMessage and e-mail to users it believes were targeted by state-sponsored or "
                            + "mercenary spyware attacks (Pegasus, Predator and the like); this message uses their wording.",
                    "A genuine notification means Apple saw a targeting attempt, not that this device was compromised. Attackers also "
                            + "imitate these messages: a real one never asks to click a link or install anything, and is confirmed by a banner "
                            + "after signing in at account.apple.com. Seek expert help (e.g. Access Now's Digital Security Helpline).");
        }
    }

    /** Every wording of {@link #THREAT_NOTIFICATION} has "target" in it: most messages are ruled out without the regex. */
    static boolean mentionsTarget(String text) {
        for (int i = 0, last = text.length() - 6; i <= last; i++) {
            char c = text.charAt(i);
            if ((c == 't' || c == 'T') && text.regionMatches(true, i, "target", 0, 6)) return true;
        }
        return false;
    }

    @Override
    protected String eventKind(Record r) {
        return "message_" + (r.str("direction") == null ? "unknown" : r.str("direction"));
    }

    @Override
    public String describe(Record r) {
        String who = r.str("handle") == null ? "?" : r.str("handle");
        String dir = "sent".equals(r.str("direction")) ? "to " : "from ";
        return (r.str("service") == null ? "Message" : r.str("service")) + " " + dir + who + ": " + Links.brief(r.str("text"), 120);
    }
}
