package dev.vigil.ios.modules;

import dev.vigil.core.evidence.EvidenceFile;
import dev.vigil.core.evidence.Sqlite;
import dev.vigil.core.model.Level;
import dev.vigil.core.model.Record;
import dev.vigil.core.module.Checker;
import dev.vigil.core.module.ModuleContext;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Calendar events and invitations ({@code Calendar.sqlitedb}: CalendarItem with its organizer
 * and attendees from Participant, and its Calendar), iOS 13 to 18. Checks: organizer and
 * attendee addresses against e-mail indicators, links, and the calendar pattern reported for
 * QuaDream's ENDOFDAYS exploit.
 */
public final class Calendar extends SqliteModule {
    /** Invitations dated this long before they were received are "in the past". */
    static final Duration PAST = Duration.ofDays(1);

    @Override
    public String slug() {
        return "calendar";
    }

    @Override
    public String description() {
        return "Calendar events from Calendar.sqlitedb: organizer and attendee addresses against indicators, QuaDream ENDOFDAYS invitation pattern";
    }

    @Override
    public List<String> paths() {
        return List.of("private/var/mobile/Library/Calendar/Calendar.sqlitedb");
    }

    @Override
    protected void parse(ModuleContext ctx, Sqlite db, EvidenceFile file) throws SQLException {
        requireTable(db, "CalendarItem", "an iOS Calendar.sqlitedb");
        Set<String> c = db.columns("CalendarItem");
        boolean participants = db.hasTable("Participant");
        Set<String> p = participants ? db.columns("Participant") : Set.of();
        boolean calendars = db.hasTable("Calendar") && c.contains("calendar_id");
        Set<String> cal = calendars ? db.columns("Calendar") : Set.of();
        Map<Long, List<String>> attendees = new HashMap<>();
        // Newer databases may keep the address only in Identity (Participant.identity_id).
        boolean identity = participants && p.contains("identity_id") && db.hasTable("Identity") && db.columns("Identity").contains("address");
        String email = (p.contains("email") ? "p.email" : "NULL") + (identity ? ", (SELECT address FROM Identity WHERE ROWID = p.identity_id)" : "");
        String emailExpr = identity ? "COALESCE(" + email + ")" : email;
        if (participants && p.contains("owner_id") && (p.contains("email") || identity)) {
            db.query("SELECT p.owner_id AS owner_id, " + emailExpr + " AS email FROM Participant p WHERE " + emailExpr + " IS NOT NULL ORDER BY p.ROWID LIMIT 2000000", rs -> {
                Long owner = Db.lng(rs, "owner_id");
                String e = Db.text(rs, "email");
                if (owner == null || e == null) return;
                List<String> l = attendees.computeIfAbsent(owner, k -> new ArrayList<>());
                if (l.size() < 500 && !l.contains(e)) l.add(e);
            });
        }
        boolean org = participants && c.contains("organizer_id");
        String sql = "SELECT c.ROWID AS id, " + Db.col(c, "c", "UUID", "uuid") + ", " + Db.col(c, "c", "summary", "summary") + ", "
                + Db.col(c, "c", "description", "description") + ", " + Db.col(c, "c", "start_date", "start_date") + ", "
                + Db.col(c, "c", "end_date", "end_date") + ", " + Db.col(c, "c", "creation_date", "creation_date") + ", "
                + Db.col(c, "c", "last_modified", "last_modified") + ", " + Db.col(c, "c", "all_day", "all_day") + ", "
                + Db.col(c, "c", "hidden", "hidden") + ", " + Db.col(c, "c", "url", "url") + ", " + Db.col(c, "c", "status", "status") + ", "
                + Db.col(c, "c", "external_id", "external_id") + ", " + Db.col(c, "c", "unique_identifier", "unique_identifier") + ", "
                + Db.col(c, "c", "entity_type", "entity_type") + ", " + Db.col(c, "c", "invitation_status", "invitation_status") + ", "
                + (org ? emailExpr.replace("p.", "o.") + " AS organizer_email, " + Db.col(p, "o", "phone_number", "organizer_phone") + ", "
                        + Db.col(p, "o", "is_self", "organizer_is_self")
                        : "NULL AS organizer_email, NULL AS organizer_phone, NULL AS organizer_is_self")
                + ", " + (calendars ? Db.col(cal, "k", "title", "calendar_title") : "NULL AS calendar_title")
                + " FROM CalendarItem c"
                + (org ? " LEFT JOIN Participant o ON o.ROWID = c.organizer_id" : "")
                + (calendars ? " LEFT JOIN Calendar k ON k.ROWID = c.calendar_id" : "")
                + " ORDER BY c.ROWID";
        db.query(sql, rs -> {
            Long id = Db.lng(rs, "id");
            String organizer = stripMailto(Db.text(rs, "organizer_email"));
            List<String> att = new ArrayList<>();
            for (String e : attendees.getOrDefault(id, List.of())) {
                String s = stripMailto(e);
                if (!s.equalsIgnoreCase(organizer == null ? "" : organizer)) att.add(s);
            }
            Instant start = Db.cocoa(rs, "start_date"), end = Db.cocoa(rs, "end_date"), created = Db.cocoa(rs, "creation_date");
            String description = Db.text(rs, "description");
            String url = Db.text(rs, "url");
            Record r = new Record();
            r.put("timestamp", start);
            r.put("id", id);
            r.put("uuid", Db.text(rs, "uuid"));
            r.put("summary", Db.text(rs, "summary"));
            r.put("description", description);
            r.put("calendar", Db.text(rs, "calendar_title"));
            r.put("start_date", start);
            r.put("end_date", end);
            r.put("creation_date", created);
            r.put("last_modified", Db.cocoa(rs, "last_modified"));
            r.put("all_day", Db.bool(rs, "all_day"));
            r.put("hidden", Db.bool(rs, "hidden"));
            r.put("status", Db.lng(rs, "status"));
            r.put("invitation_status", Db.lng(rs, "invitation_status"));
            r.put("organizer_email", organizer);
            r.put("organizer_phone", Db.text(rs, "organizer_phone"));
            r.put("organizer_is_self", Db.bool(rs, "organizer_is_self"));
            r.put("attendee_emails", att);
            r.put("url", url);
            r.put("links", Links.inText(description, url));
            r.put("external_id", Db.text(rs, "external_id"));
            r.put("unique_identifier", Db.text(rs, "unique_identifier"));
            r.put("dated_in_past", start != null && created != null && (end != null ? end : start).plus(PAST).isBefore(created));
            ctx.emit(r);
        });
    }

    private static String stripMailto(String e) {
        if (e == null) return null;
        String s = e.strip();
        return s.regionMatches(true, 0, "mailto:", 0, 7) ? s.substring(7) : s;
    }

    @Override
    public void checkRecord(Record r, Checker checker) {
        String org = r.str("organizer_email");
        if (org != null) checker.indicators().email(org).ifPresent(m -> checker.ioc(r, m, "Calendar invitation organizer " + org));
        for (String a : r.strings("attendee_emails")) {
            checker.indicators().email(a).ifPresent(m -> checker.ioc(r, m, "Calendar event attendee " + a));
        }
        Links.check(checker, r, "Link in calendar event", "links");
        boolean invitation = org != null && !r.bool("organizer_is_self");
        boolean past = r.bool("dated_in_past");
        String when = past ? " was created on " + r.str("creation_date") + " for a date already past (" + r.str("start_date") + ")" : "";
        String from = invitation ? " from " + org : "";
        String why = "Citizen Lab (\"Sweet QuaDreams\", April 2023) and Microsoft (KingsPawn) reported that QuaDream's zero-click exploit "
                + "ENDOFDAYS was delivered through iCloud calendar invitations the victim never saw, dated in the past so that no "
                + "reminder fired; the events they left were titled \"Meeting\" with the notes \"Notes\".";
        if ("Meeting".equals(strip(r.str("summary"))) && "Notes".equals(strip(r.str("description")))) {
            checker.alert(Level.HIGH, r,
                    "Calendar event \"Meeting\" with notes \"Notes\"" + from + when + " matches the QuaDream ENDOFDAYS invitation pattern",
                    why,
                    "\"Meeting\"/\"Notes\" is also a plausible ordinary event. It matters most as an invitation from an unknown address, "
                            + "dated in the past, around 2021-2022 (QuaDream's active period); it does not prove an exploit, still less a successful one.");
        } else if (invitation && past) {
            checker.alert(Level.LOW, r,
                    "Calendar invitation" + from + when,
                    "Invitations for events already in the past when they arrive raise no reminder, which is how QuaDream's "
                            + "ENDOFDAYS invitations stayed unseen (" + "Citizen Lab, April 2023).",
                    "Late or synced invitations to past events also happen legitimately (calendar imports, delayed sync). This is context for an expert, not a finding.");
        }
    }

    private static String strip(String s) {
        return s == null ? null : s.strip();
    }

    /** Two events: when the event takes place and when it was created (a backdated invitation shows as a gap). */
    @Override
    public List<dev.vigil.core.model.TimelineEvent> timeline(Record r) {
        List<dev.vigil.core.model.TimelineEvent> out = new ArrayList<>();
        if (r.str("start_date") != null) out.add(new dev.vigil.core.model.TimelineEvent(r.str("start_date"), slug(), "event_start", describe(r)));
        if (r.str("creation_date") != null) out.add(new dev.vigil.core.model.TimelineEvent(r.str("creation_date"), slug(), "event_created", describe(r)));
        return out;
    }

    @Override
    public String describe(Record r) {
        return "Calendar event \"" + Links.brief(r.str("summary"), 80) + "\"" + (r.str("organizer_email") == null ? "" : " organised by " + r.str("organizer_email"))
                + (r.str("calendar") == null ? "" : " in " + r.str("calendar"));
    }
}
