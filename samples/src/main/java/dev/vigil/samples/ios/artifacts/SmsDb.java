package dev.vigil.samples.ios.artifacts;

import dev.vigil.samples.ios.IosFiles;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * Writes {@code sms.db} (Messages) with the tables Vigil reads: {@code handle}, {@code message},
 * {@code attachment}, {@code message_attachment_join}, {@code chat}, {@code chat_message_join},
 * {@code chat_handle_join}. Column names and order follow sms.db of iOS 14 ({@link Version#IOS_14})
 * and iOS 16/17 ({@link Version#IOS_17}: adds date_edited, date_retracted, part_count...; message
 * text may be only in attributedBody). Dates are nanoseconds since 2001 (iOS 11+).
 */
public final class SmsDb extends SqliteFile {
    public static final String PATH = "private/var/mobile/Library/SMS/sms.db";

    public enum Version { IOS_14, IOS_17 }

    private final Version version;

    public SmsDb(Version version) {
        super(ddl(version));
        this.version = version;
    }

    private static String[] ddl(Version v) {
        String message = "CREATE TABLE message (ROWID INTEGER PRIMARY KEY AUTOINCREMENT, guid TEXT UNIQUE NOT NULL, text TEXT, replace INTEGER DEFAULT 0, "
                + "service_center TEXT, handle_id INTEGER DEFAULT 0, subject TEXT, country TEXT, attributedBody BLOB, version INTEGER DEFAULT 0, "
                + "type INTEGER DEFAULT 0, service TEXT, account TEXT, account_guid TEXT, error INTEGER DEFAULT 0, date INTEGER, date_read INTEGER, "
                + "date_delivered INTEGER, is_delivered INTEGER DEFAULT 0, is_finished INTEGER DEFAULT 0, is_emote INTEGER DEFAULT 0, "
                + "is_from_me INTEGER DEFAULT 0, is_empty INTEGER DEFAULT 0, is_delayed INTEGER DEFAULT 0, is_auto_reply INTEGER DEFAULT 0, "
                + "is_prepared INTEGER DEFAULT 0, is_read INTEGER DEFAULT 0, is_system_message INTEGER DEFAULT 0, is_sent INTEGER DEFAULT 0, "
                + "has_dd_results INTEGER DEFAULT 0, is_service_message INTEGER DEFAULT 0, is_forward INTEGER DEFAULT 0, was_downgraded INTEGER DEFAULT 0, "
                + "is_archive INTEGER DEFAULT 0, cache_has_attachments INTEGER DEFAULT 0, cache_roomnames TEXT, was_data_detected INTEGER DEFAULT 0, "
                + "was_deduplicated INTEGER DEFAULT 0, is_audio_message INTEGER DEFAULT 0, is_played INTEGER DEFAULT 0, date_played INTEGER, "
                + "item_type INTEGER DEFAULT 0, other_handle INTEGER DEFAULT 0, group_title TEXT, group_action_type INTEGER DEFAULT 0, "
                + "share_status INTEGER DEFAULT 0, share_direction INTEGER DEFAULT 0, is_expirable INTEGER DEFAULT 0, expire_state INTEGER DEFAULT 0, "
                + "message_action_type INTEGER DEFAULT 0, message_source INTEGER DEFAULT 0, associated_message_guid TEXT, "
                + "associated_message_type INTEGER DEFAULT 0, balloon_bundle_id TEXT, payload_data BLOB, expressive_send_style_id TEXT, "
                + "associated_message_range_location INTEGER DEFAULT 0, associated_message_range_length INTEGER DEFAULT 0, "
                + "time_expressive_send_played INTEGER, message_summary_info BLOB, ck_sync_state INTEGER DEFAULT 0, ck_record_id TEXT, "
                + "ck_record_change_tag TEXT, destination_caller_id TEXT, sr_ck_sync_state INTEGER DEFAULT 0, sr_ck_record_id TEXT, "
                + "sr_ck_record_change_tag TEXT, is_corrupt INTEGER DEFAULT 0, reply_to_guid TEXT, sort_id INTEGER, is_spam INTEGER DEFAULT 0, "
                + "has_unseen_mention INTEGER DEFAULT 0, thread_originator_guid TEXT, thread_originator_part TEXT, syndication_ranges TEXT, "
                + "was_delivered_quietly INTEGER DEFAULT 0, did_notify_recipient INTEGER DEFAULT 0, synced_syndication_ranges TEXT"
                + (v == Version.IOS_17 ? ", date_retracted INTEGER DEFAULT 0, date_edited INTEGER DEFAULT 0, was_detonated INTEGER DEFAULT 0, "
                        + "part_count INTEGER, is_stewie INTEGER DEFAULT 0, is_kt_verified INTEGER DEFAULT 0, is_sos INTEGER DEFAULT 0, is_critical INTEGER DEFAULT 0" : "")
                + ")";
        return new String[] {
            "CREATE TABLE _SqliteDatabaseProperties (key TEXT, value TEXT, UNIQUE(key))",
            "CREATE TABLE handle (ROWID INTEGER PRIMARY KEY AUTOINCREMENT UNIQUE, id TEXT NOT NULL, country TEXT, service TEXT NOT NULL, "
                    + "uncanonicalized_id TEXT, person_centric_id TEXT, UNIQUE (id, service))",
            message,
            "CREATE TABLE chat (ROWID INTEGER PRIMARY KEY AUTOINCREMENT, guid TEXT UNIQUE NOT NULL, style INTEGER, state INTEGER, account_id TEXT, "
                    + "properties BLOB, chat_identifier TEXT, service_name TEXT, room_name TEXT, account_login TEXT, is_archived INTEGER DEFAULT 0, "
                    + "last_addressed_handle TEXT, display_name TEXT, group_id TEXT, is_filtered INTEGER DEFAULT 0, successful_query INTEGER)",
            "CREATE TABLE chat_handle_join (chat_id INTEGER REFERENCES chat (ROWID) ON DELETE CASCADE, handle_id INTEGER REFERENCES handle (ROWID) ON DELETE CASCADE, UNIQUE(chat_id, handle_id))",
            "CREATE TABLE chat_message_join (chat_id INTEGER REFERENCES chat (ROWID) ON DELETE CASCADE, message_id INTEGER REFERENCES message (ROWID) ON DELETE CASCADE, message_date INTEGER DEFAULT 0, PRIMARY KEY (chat_id, message_id))",
            "CREATE TABLE attachment (ROWID INTEGER PRIMARY KEY AUTOINCREMENT, guid TEXT UNIQUE NOT NULL, created_date INTEGER DEFAULT 0, "
                    + "start_date INTEGER DEFAULT 0, filename TEXT, uti TEXT, mime_type TEXT, transfer_state INTEGER DEFAULT 0, is_outgoing INTEGER DEFAULT 0, "
                    + "user_info BLOB, transfer_name TEXT, total_bytes INTEGER DEFAULT 0, is_sticker INTEGER DEFAULT 0, sticker_user_info BLOB, "
                    + "attribution_info BLOB, hide_attachment INTEGER DEFAULT 0, ck_sync_state INTEGER DEFAULT 0, ck_server_change_token_blob BLOB, "
                    + "ck_record_id TEXT, original_guid TEXT UNIQUE NOT NULL, sr_ck_sync_state INTEGER DEFAULT 0, sr_ck_server_change_token_blob BLOB, "
                    + "sr_ck_record_id TEXT, is_commsafety_sensitive INTEGER DEFAULT 0)",
            "CREATE TABLE message_attachment_join (message_id INTEGER REFERENCES message (ROWID) ON DELETE CASCADE, attachment_id INTEGER REFERENCES attachment (ROWID) ON DELETE CASCADE, UNIQUE(message_id, attachment_id))",
        };
    }

    public long handle(String id, String service) {
        return insert("INSERT INTO handle (id, country, service, uncanonicalized_id) VALUES (?, ?, ?, ?)", id, "ch", service, id.replaceAll("[^0-9+]", ""));
    }

    /**
     * A message. When {@code onlyAttributedBody} is set, text is NULL and the text is archived in
     * attributedBody, as iOS 16+ writes many messages.
     */
    public long message(long handleId, boolean fromMe, Instant date, String text, boolean onlyAttributedBody, String service) {
        String guid = UUID.nameUUIDFromBytes(("msg" + handleId + date + text).getBytes(StandardCharsets.UTF_8)).toString().toUpperCase();
        long id = insert("INSERT INTO message (guid, text, handle_id, attributedBody, service, account, date, date_read, date_delivered, is_delivered, "
                        + "is_finished, is_from_me, is_read, is_sent, cache_has_attachments, destination_caller_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, 1, ?, ?, ?, 0, ?)",
                guid, onlyAttributedBody ? null : text, handleId, text == null ? null : typedstream(text), service,
                "E:owner@icloud.example", cocoaNanos(date), fromMe ? 0 : cocoaNanos(date.plusSeconds(60)), fromMe ? cocoaNanos(date.plusSeconds(2)) : 0,
                fromMe ? 1 : 0, fromMe ? 0 : 1, fromMe ? 1 : 0, "+41790000000");
        if (version == Version.IOS_17) exec("UPDATE message SET part_count = 1 WHERE ROWID = " + id);
        return id;
    }

    /** An attachment of a message; {@code filename} is the on-phone path ("~/Library/SMS/Attachments/..."). */
    public long attachment(long messageId, Instant created, String filename, String transferName, String mime, String uti, long totalBytes, boolean outgoing) {
        String guid = UUID.nameUUIDFromBytes(("att" + messageId + filename).getBytes(StandardCharsets.UTF_8)).toString().toUpperCase();
        long id = insert("INSERT INTO attachment (guid, created_date, start_date, filename, uti, mime_type, transfer_state, is_outgoing, transfer_name, "
                        + "total_bytes, original_guid) VALUES (?, ?, ?, ?, ?, ?, 5, ?, ?, ?, ?)",
                guid, (long) cocoa(created), 0, filename, uti, mime, outgoing ? 1 : 0, transferName, totalBytes, guid);
        insert("INSERT INTO message_attachment_join (message_id, attachment_id) VALUES (?, ?)", messageId, id);
        exec("UPDATE message SET cache_has_attachments = 1 WHERE ROWID = " + messageId);
        return id;
    }

    /**
     * An NSAttributedString archived by NSArchiver ("typedstream"), as in message.attributedBody:
     * the header, the NSAttributedString / NSObject / NSString class chain, the length-prefixed
     * UTF-8 text, then the attribute dictionary with __kIMMessagePartAttributeName.
     */
    public static byte[] typedstream(String text) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.write(0x04);
        o.write(0x0b);
        o.writeBytes("streamtyped".getBytes(StandardCharsets.US_ASCII));
        o.writeBytes(new byte[] {(byte) 0x81, (byte) 0xe8, 0x03, (byte) 0x84, 0x01, 0x40, (byte) 0x84, (byte) 0x84, (byte) 0x84, 0x12});
        o.writeBytes("NSAttributedString".getBytes(StandardCharsets.US_ASCII));
        o.writeBytes(new byte[] {0x00, (byte) 0x84, (byte) 0x84, 0x08});
        o.writeBytes("NSObject".getBytes(StandardCharsets.US_ASCII));
        o.writeBytes(new byte[] {0x00, (byte) 0x85, (byte) 0x92, (byte) 0x84, (byte) 0x84, (byte) 0x84, 0x08});
        o.writeBytes("NSString".getBytes(StandardCharsets.US_ASCII));
        o.writeBytes(new byte[] {0x01, (byte) 0x94, (byte) 0x84, 0x01, 0x2b});
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        writeLength(o, utf8.length);
        o.writeBytes(utf8);
        o.writeBytes(new byte[] {(byte) 0x86, (byte) 0x84, 0x02, 0x69, 0x49, 0x01});
        writeLength(o, text.length());
        o.writeBytes(new byte[] {(byte) 0x92, (byte) 0x84, (byte) 0x84, (byte) 0x84, 0x0c});
        o.writeBytes("NSDictionary".getBytes(StandardCharsets.US_ASCII));
        o.writeBytes(new byte[] {0x00, (byte) 0x94, (byte) 0x84, 0x01, 0x69, 0x01, (byte) 0x92, (byte) 0x84, (byte) 0x96, (byte) 0x96, 0x1d});
        o.writeBytes("__kIMMessagePartAttributeName".getBytes(StandardCharsets.US_ASCII));
        o.writeBytes(new byte[] {(byte) 0x86, (byte) 0x92, (byte) 0x84, (byte) 0x84, (byte) 0x84, 0x08});
        o.writeBytes("NSNumber".getBytes(StandardCharsets.US_ASCII));
        o.writeBytes(new byte[] {0x00, (byte) 0x84, (byte) 0x84, 0x07});
        o.writeBytes("NSValue".getBytes(StandardCharsets.US_ASCII));
        o.writeBytes(new byte[] {0x00, (byte) 0x94, (byte) 0x84, 0x01, 0x2a, (byte) 0x84, (byte) 0x99, (byte) 0x99, 0x00, (byte) 0x86, (byte) 0x86, (byte) 0x86});
        return o.toByteArray();
    }

    private static void writeLength(ByteArrayOutputStream o, int n) {
        if (n < 0x80) {
            o.write(n);
        } else if (n <= 0xffff) {
            o.write(0x81);
            o.write(n & 0xff);
            o.write(n >>> 8);
        } else {
            o.write(0x82);
            for (int i = 0; i < 4; i++) o.write((n >>> (8 * i)) & 0xff);
        }
    }

    // ------------------------------------------------------------------ demo content

    /** Attachment folder of the FORCEDENTRY-style planted file. */
    public static final String FAKE_GIF = "~/Library/SMS/Attachments/4a/10/C4E1B3A5-8D2F-4A11-9E0B-7F2C51D0A8E3/image1.gif";
    public static final String PASS = "~/Library/SMS/Attachments/0c/12/6B0F7E9A-2C44-4E1B-8F3D-1A2B3C4D5E6F/Boarding.pkpass";
    public static final String PHOTO = "~/Library/SMS/Attachments/7f/15/0D9C8B7A-6E5F-4D3C-2B1A-0F9E8D7C6B5A/IMG_0042.jpeg";

    /**
     * A PDF whose only content is a JBIG2-compressed image stream (the shape of FORCEDENTRY's
     * ".gif" files, without any exploit: the stream is a few harmless bytes).
     */
    public static byte[] pdfWithJbig2() {
        String pdf = "%PDF-1.3\n%\u00e2\u00e3\u00cf\u00d3\n1 0 obj\n<< /Type /XObject /Subtype /Image /Width 1 /Height 1 /BitsPerComponent 1 "
                + "/ColorSpace /DeviceGray /Filter /JBIG2Decode /Length 8 >>\nstream\n\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\nendstream\nendobj\ntrailer\n<< >>\n%%EOF\n";
        return pdf.getBytes(StandardCharsets.ISO_8859_1);
    }

    /**
     * Demo messages: a link to a Pegasus domain (Amnesty 2021), the same campaign's link in a
     * message whose text is only in attributedBody (iOS 16+), an Apple threat notification, a
     * ".gif" that is a PDF with a JBIG2 stream sent from an iMessage account listed in the
     * Pegasus indicators, a PassKit pass from an unknown number, and ordinary messages.
     */
    public static void plantDemo(IosFiles fs) {
        plantDemo(fs, db -> {});
    }

    /** {@link #plantDemo(IosFiles)} with {@code more} rows added by the caller (benchmarks fill in bulk). */
    public static void plantDemo(IosFiles fs, java.util.function.Consumer<SmsDb> more) {
        SmsDb db = new SmsDb(Version.IOS_17);
        long friend = db.handle("+41795550123", "iMessage");
        long unknown = db.handle("+41765550987", "SMS");
        long attacker = db.handle("bogaardlisa803@gmail.com", "iMessage");
        long apple = db.handle("+447700900777", "iMessage");
        long stranger = db.handle("+447700900123", "iMessage");
        Instant t = Instant.parse("2023-05-10T08:15:00Z");
        db.message(friend, false, t, "Lunch at 12:30?", false, "iMessage");
        db.message(friend, true, t.plusSeconds(120), "Yes, see you there", false, "iMessage");
        db.message(unknown, false, t.plusSeconds(3600), "Your parcel is held at customs, pay the fee: https://smscentro.com/track/8812", false, "SMS");
        db.message(unknown, false, t.plusSeconds(7200), "Last reminder: weather4free.com/alert/2291", true, "SMS");
        long gif = db.message(attacker, false, Instant.parse("2023-05-12T02:41:07Z"), null, false, "iMessage");
        db.attachment(gif, Instant.parse("2023-05-12T02:41:07Z"), FAKE_GIF, "image1.gif", "image/gif", "com.compuserve.gif", pdfWithJbig2().length, false);
        long pass = db.message(stranger, false, Instant.parse("2023-05-14T03:02:00Z"), null, false, "iMessage");
        db.attachment(pass, Instant.parse("2023-05-14T03:02:00Z"), PASS, "Boarding.pkpass", "application/vnd.apple.pkpass", "com.apple.pkpass", 5120, false);
        long photo = db.message(friend, false, Instant.parse("2023-05-15T18:00:00Z"), "Look at this", false, "iMessage");
        db.attachment(photo, Instant.parse("2023-05-15T18:00:00Z"), PHOTO, "IMG_0042.jpeg", "image/jpeg", "public.jpeg", 4, false);
        db.message(apple, false, Instant.parse("2023-05-20T09:00:00Z"),
                "ALERT: Apple detected a targeted mercenary spyware attack against your iPhone. Apple detected that you are being targeted by a "
                        + "mercenary spyware attack that is trying to remotely compromise the iPhone associated with your Apple ID.", true, "iMessage");
        more.accept(db);
        fs.put(PATH, db.bytes());
        fs.put(onPhone(FAKE_GIF), pdfWithJbig2());
        fs.put(onPhone(PASS), new byte[] {'P', 'K', 3, 4, 20, 0, 0, 0, 8, 0});
        fs.put(onPhone(PHOTO), new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xe0});
    }

    /** The logical path of a "~/..." attachment name. */
    public static String onPhone(String tildePath) {
        return "private/var/mobile/" + tildePath.substring(2);
    }
}
