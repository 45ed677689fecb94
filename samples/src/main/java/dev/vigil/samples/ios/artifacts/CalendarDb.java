package dev.vigil.samples.ios.artifacts;

import dev.vigil.samples.ios.IosFiles;

import java.time.Instant;

/**
 * Writes {@code Calendar.sqlitedb}: Calendar, CalendarItem, Participant and Identity with the
 * columns Vigil reads, named and typed as on iOS 15-17 (dates are Cocoa seconds).
 */
public final class CalendarDb extends SqliteFile {
    public static final String PATH = "private/var/mobile/Library/Calendar/Calendar.sqlitedb";

    public CalendarDb() {
        super("CREATE TABLE Calendar (ROWID INTEGER PRIMARY KEY AUTOINCREMENT, store_id INTEGER, title TEXT, flags INTEGER, color TEXT, "
                        + "type TEXT, supported_entity_types INTEGER, external_id TEXT, external_mod_tag TEXT, external_id_tag TEXT, "
                        + "external_rep BLOB, display_order INTEGER, UUID TEXT, shared_owner_name TEXT, shared_owner_address TEXT, "
                        + "sharing_status INTEGER, sharing_invitation_response INTEGER, published_URL TEXT, is_published INTEGER, "
                        + "invitation_status INTEGER, sync_token TEXT, self_identity_id INTEGER, owner_identity_id INTEGER)",
                "CREATE TABLE CalendarItem (ROWID INTEGER PRIMARY KEY AUTOINCREMENT, summary TEXT, location_id INTEGER, description TEXT, "
                        + "start_date REAL, start_tz TEXT, end_date REAL, all_day INTEGER, calendar_id INTEGER, orig_item_id INTEGER, "
                        + "orig_date REAL, organizer_id INTEGER, self_attendee_id INTEGER, status INTEGER, invitation_status INTEGER, "
                        + "availability INTEGER, privacy_level INTEGER, url TEXT, last_modified REAL, sequence_num INTEGER, "
                        + "birthday_id INTEGER, modified_properties INTEGER, external_tracking_status INTEGER, external_id TEXT, "
                        + "external_mod_tag TEXT, unique_identifier TEXT, external_schedule_id TEXT, external_rep BLOB, response_comment TEXT, "
                        + "hidden INTEGER, has_recurrences INTEGER, has_attendees INTEGER, UUID TEXT, entity_type INTEGER, priority INTEGER, "
                        + "due_date REAL, due_tz TEXT, due_all_day INTEGER, completion_date REAL, creation_date REAL, conference TEXT, "
                        + "display_order INTEGER, created_by_id INTEGER, modified_by_id INTEGER, shared_item_created_date REAL, "
                        + "shared_item_created_tz TEXT, shared_item_modified_date REAL, shared_item_modified_tz TEXT, "
                        + "invitation_changed_properties INTEGER, default_alarm_removed INTEGER, phantom_master INTEGER, "
                        + "participation_status_modified_date REAL, calendar_scale TEXT, travel_time INTEGER, travel_advisory_behavior INTEGER, "
                        + "start_location_id INTEGER, suppress_notification_for_changes INTEGER)",
                "CREATE TABLE Participant (ROWID INTEGER PRIMARY KEY AUTOINCREMENT, entity_type INTEGER, type INTEGER, status INTEGER, "
                        + "pending_status INTEGER, role INTEGER, identity_id INTEGER, owner_id INTEGER, external_rep BLOB, UUID TEXT, "
                        + "email TEXT, phone_number TEXT, comment TEXT, proposed_start_date REAL, proposed_start_date_tz TEXT, "
                        + "proposed_start_date_status INTEGER, is_self INTEGER, last_modified REAL)",
                "CREATE TABLE Identity (ROWID INTEGER PRIMARY KEY AUTOINCREMENT, display_name TEXT, address TEXT, first_name TEXT, last_name TEXT)");
        insert("INSERT INTO Calendar (store_id, title, type, UUID) VALUES (1, 'Home', 'caldav', 'A1B2C3D4-0000-4000-8000-000000000001')");
        insert("INSERT INTO Calendar (store_id, title, type, UUID) VALUES (1, 'Calendar', 'caldav', 'A1B2C3D4-0000-4000-8000-000000000002')");
    }

    /** An event; with an organizer e-mail it is an invitation (organizer Participant entity_type 8, attendees 7). */
    public long event(String summary, String description, Instant start, Instant end, Instant created, long calendarId, String organizer, String... attendees) {
        long id = insert("INSERT INTO CalendarItem (summary, description, start_date, start_tz, end_date, all_day, calendar_id, status, invitation_status, "
                        + "last_modified, hidden, has_recurrences, has_attendees, UUID, entity_type, creation_date, unique_identifier) "
                        + "VALUES (?, ?, ?, 'Europe/Zurich', ?, 0, ?, 0, ?, ?, 0, 0, ?, ?, 2, ?, ?)",
                summary, description, cocoa(start), cocoa(end), calendarId, organizer == null ? 0 : 1, cocoa(created), attendees.length > 0 ? 1 : 0,
                java.util.UUID.nameUUIDFromBytes((summary + start).getBytes()).toString().toUpperCase(), cocoa(created),
                java.util.UUID.nameUUIDFromBytes((summary + created).getBytes()).toString().toUpperCase());
        if (organizer != null) {
            long p = insert("INSERT INTO Participant (entity_type, type, status, role, owner_id, UUID, email, is_self, last_modified) VALUES (8, 1, 1, 1, ?, ?, ?, 0, ?)",
                    id, java.util.UUID.nameUUIDFromBytes((organizer + id).getBytes()).toString().toUpperCase(), "mailto:" + organizer, cocoa(created));
            exec("UPDATE CalendarItem SET organizer_id = " + p + " WHERE ROWID = " + id);
        }
        for (String a : attendees) {
            insert("INSERT INTO Participant (entity_type, type, status, role, owner_id, UUID, email, is_self, last_modified) VALUES (7, 1, 0, 1, ?, ?, ?, 0, ?)",
                    id, java.util.UUID.nameUUIDFromBytes((a + id).getBytes()).toString().toUpperCase(), "mailto:" + a, cocoa(created));
        }
        return id;
    }

    /** Moves every participant's address to the Identity table (Participant.email NULL), as some databases keep it. */
    public CalendarDb addressesInIdentity() {
        exec("INSERT INTO Identity (address) SELECT email FROM Participant ORDER BY ROWID");
        exec("UPDATE Participant SET identity_id = (SELECT i.ROWID FROM Identity i WHERE i.address = Participant.email), email = NULL");
        return this;
    }

    /**
     * Demo events: an ordinary appointment, an invitation from an address listed in the Pegasus
     * indicators, and a "Meeting"/"Notes" invitation dated in the past (QuaDream ENDOFDAYS pattern).
     */
    public static void plantDemo(IosFiles fs) {
        CalendarDb db = new CalendarDb();
        db.event("Dentist", null, Instant.parse("2023-05-22T07:30:00Z"), Instant.parse("2023-05-22T08:00:00Z"), Instant.parse("2023-05-02T12:00:00Z"), 1, null);
        db.event("Interview follow-up", "Agenda attached", Instant.parse("2023-05-25T13:00:00Z"), Instant.parse("2023-05-25T14:00:00Z"),
                Instant.parse("2023-05-11T21:14:00Z"), 2, "k.williams.enny74@gmail.com", "owner@icloud.example");
        db.event("Meeting", "Notes", Instant.parse("2021-06-10T09:00:00Z"), Instant.parse("2021-06-10T10:00:00Z"),
                Instant.parse("2023-05-16T01:12:09Z"), 2, "invite-7731@icloud.example", "owner@icloud.example");
        fs.put(PATH, db.bytes());
    }
}
