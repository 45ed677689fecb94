package dev.vigil.ios.modules;

import dev.vigil.core.evidence.EvidenceFile;
import dev.vigil.core.evidence.EvidenceSource;
import dev.vigil.core.evidence.Sqlite;
import dev.vigil.core.model.Level;
import dev.vigil.core.model.Record;
import dev.vigil.core.module.Checker;
import dev.vigil.core.module.ModuleContext;

import java.io.IOException;
import java.io.InputStream;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Message attachments ({@code sms.db}: {@code attachment} joined through
 * {@code message_attachment_join} to the message and its sender), iOS 10 to 18, with
 * attachment forensics beyond name matching:
 * <ul>
 * <li>the first bytes of the attachment file, when it is in the evidence, are compared with the
 * type its name promises: an image name over a PDF, JBIG2 or PSD body is how FORCEDENTRY
 * (NSO Group, 2021) reached the image decoders;</li>
 * <li>without the file, the declared MIME type and UTI are compared with the name;</li>
 * <li>PassKit passes received from senders who are not in the address book (BLASTPASS,
 * 2023).</li>
 * </ul>
 * Whether the sender is a contact is decided at parse time (the address book is part of the
 * evidence) and stored in the record, so later re-checks do not need the evidence.
 */
public final class SmsAttachments extends SqliteModule {
    @Override
    public String slug() {
        return "sms_attachments";
    }

    @Override
    public String description() {
        return "Message attachments from sms.db: content vs name mismatches (FORCEDENTRY), PassKit passes from unknown senders (BLASTPASS), names against indicators";
    }

    @Override
    public List<String> paths() {
        return List.of(Sms.PATH);
    }

    @Override
    protected void parse(ModuleContext ctx, Sqlite db, EvidenceFile file) throws SQLException {
        requireTable(db, "attachment", "an iOS sms.db");
        Set<String> a = db.columns("attachment");
        boolean join = db.hasTable("message_attachment_join") && db.hasTable("message");
        boolean handles = join && db.hasTable("handle");
        Set<String> m = join ? db.columns("message") : Set.of();
        String sql = "SELECT a.ROWID AS id, " + Db.col(a, "a", "guid", "guid") + ", " + Db.col(a, "a", "created_date", "created_date") + ", "
                + Db.col(a, "a", "start_date", "start_date") + ", " + Db.col(a, "a", "filename", "filename") + ", "
                + Db.col(a, "a", "uti", "uti") + ", " + Db.col(a, "a", "mime_type", "mime_type") + ", "
                + Db.col(a, "a", "transfer_state", "transfer_state") + ", " + Db.col(a, "a", "is_outgoing", "is_outgoing") + ", "
                + Db.col(a, "a", "transfer_name", "transfer_name") + ", " + Db.col(a, "a", "total_bytes", "total_bytes") + ", "
                + Db.col(a, "a", "is_sticker", "is_sticker") + ", " + Db.col(a, "a", "hide_attachment", "hide_attachment") + ", "
                + (a.contains("user_info") ? "a.user_info IS NOT NULL" : "NULL") + " AS has_user_info, "
                + (join ? "j.message_id AS message_id, " + Db.col(m, "m", "guid", "message_guid") + ", " + Db.col(m, "m", "is_from_me", "is_from_me")
                        + ", " + Db.col(m, "m", "service", "service") + ", " + Db.col(m, "m", "date", "message_date")
                        : "NULL AS message_id, NULL AS message_guid, NULL AS is_from_me, NULL AS service, NULL AS message_date")
                + ", " + (handles ? "h.id AS handle" : "NULL AS handle")
                + " FROM attachment a"
                + (join ? " LEFT JOIN message_attachment_join j ON j.attachment_id = a.ROWID LEFT JOIN message m ON m.ROWID = j.message_id" : "")
                + (handles && m.contains("handle_id") ? " LEFT JOIN handle h ON h.ROWID = m.handle_id" : handles ? " LEFT JOIN handle h ON 0" : "")
                + " ORDER BY a.ROWID" + (join ? ", j.message_id" : "");
        ContactBook contacts = ContactBook.load(ctx);
        EvidenceSource src = ctx.source();
        int[] missing = {0}, skipped = {0};
        db.query(sql, rs -> {
            Record r = new Record();
            String filename = Db.text(rs, "filename");
            String transfer = Db.text(rs, "transfer_name");
            Boolean fromMe = Db.bool(rs, "is_from_me");
            if (fromMe == null) fromMe = Db.bool(rs, "is_outgoing");
            String handle = Db.text(rs, "handle");
            r.put("timestamp", first(Db.cocoa(rs, "created_date"), Db.cocoa(rs, "message_date")));
            r.put("attachment_id", Db.lng(rs, "id"));
            r.put("guid", Db.text(rs, "guid"));
            r.put("message_id", Db.lng(rs, "message_id"));
            r.put("message_guid", Db.text(rs, "message_guid"));
            r.put("direction", fromMe == null ? null : fromMe ? "sent" : "received");
            r.put("service", Db.text(rs, "service"));
            r.put("handle", handle);
            r.put("sender_in_contacts", fromMe != null && !fromMe && handle != null && contacts != null ? contacts.contains(handle) : null);
            r.put("filename", filename);
            r.put("transfer_name", transfer);
            r.put("mime_type", Db.text(rs, "mime_type"));
            r.put("uti", Db.text(rs, "uti"));
            r.put("total_bytes", Db.lng(rs, "total_bytes"));
            r.put("transfer_state", Db.lng(rs, "transfer_state"));
            r.put("is_sticker", Db.bool(rs, "is_sticker"));
            r.put("hide_attachment", Db.bool(rs, "hide_attachment"));
            r.put("has_user_info", Db.bool(rs, "has_user_info"));
            r.put("start_date", Db.cocoa(rs, "start_date"));
            byte[] head = null;
            Boolean present = null;
            String logical = logicalPath(filename);
            if (logical != null) {
                try {
                    EvidenceFile af = src.findOne(logical);
                    present = af != null && af.path().equals(logical);
                    if (present && worthSniffing(transfer != null ? transfer : logical, af.size())) head = readHead(src, af);
                    else if (present) skipped[0]++;
                } catch (IOException e) {
                    ctx.warn("attachment " + logical + " could not be read: " + e.getMessage());
                }
                if (!Boolean.TRUE.equals(present)) missing[0]++;
            }
            r.put("file_path", logical);
            r.put("file_present", present);
            r.put("file_head", FileMagic.hex(head));
            r.put("file_type", head == null ? null : FileMagic.detect(head));
            ctx.emit(r);
        });
        if (skipped[0] > 0) ctx.warn(skipped[0] + " large audio/video attachment file(s) were not sniffed (their content type does not matter to these checks)");
        if (missing[0] > 0) ctx.warn(missing[0] + " attachment file(s) named in sms.db are not in the evidence; their declared types were used");
    }

    private static Object first(Object a, Object b) {
        return a != null ? a : b;
    }

    /** The logical evidence path of an attachment file name ("~/Library/SMS/...", "/var/mobile/..."). */
    static String logicalPath(String filename) {
        if (filename == null || filename.isBlank() || filename.length() > 1024) return null;
        String f = filename.strip();
        String p;
        if (f.startsWith("~/")) p = "private/var/mobile/" + f.substring(2);
        else if (f.startsWith("/private/var/")) p = f.substring(1);
        else if (f.startsWith("/var/")) p = "private" + f;
        else return null;
        // Never let a name from the evidence escape or act as a glob.
        if (p.contains("/../") || p.contains("/./") || p.endsWith("/..") || p.contains("*") || p.contains("?")) return null;
        return p;
    }

    /** Largest attachment sniffed when its name promises audio or video (custody hashes every file opened, whole). */
    static final long MAX_MEDIA_SNIFF = 16L << 20;

    /**
     * Whether to read an attachment's first bytes: always for names promising images, documents,
     * passes and unknown types (where a mismatch matters); for audio/video only when small.
     */
    static boolean worthSniffing(String name, long size) {
        String promised = FileMagic.fromName(name);
        boolean media = "isobmff".equals(promised) || "caf".equals(promised) || "amr".equals(promised);
        return !media || size <= MAX_MEDIA_SNIFF;
    }

    private static byte[] readHead(EvidenceSource src, EvidenceFile f) throws IOException {
        try (InputStream in = src.open(f)) {
            return in.readNBytes(FileMagic.HEAD);
        }
    }

    @Override
    public void checkRecord(Record r, Checker checker) {
        for (String f : new String[] {"filename", "transfer_name"}) {
            String v = r.str(f);
            if (v != null) {
                var m = checker.indicators().filePath(v);
                if (m.isPresent()) {
                    checker.ioc(r, m.get(), "Attachment file " + v);
                    break;
                }
            }
        }
        String handle = r.str("handle");
        if (handle != null && handle.contains("@")) {
            checker.indicators().email(handle).ifPresent(m -> checker.ioc(r, m, "Attachment sender " + handle));
        }
        checkContentType(r, checker);
        checkPassKit(r, checker);
        checkTmpStaging(r, checker);
    }

    /** A received attachment kept under /var/tmp with a name ending in "-1". */
    private void checkTmpStaging(Record r, Checker checker) {
        String f = r.str("filename");
        if (f == null || !"received".equals(r.str("direction"))) return;
        if (!(f.startsWith("/var/tmp/") || f.startsWith("/private/var/tmp/")) || !f.endsWith("-1")) return;
        checker.alert(Level.MEDIUM, r,
                "Received attachment stored as " + f + " (a temporary folder, name ending in \"-1\")",
                "Messages keeps received attachments under ~/Library/SMS/Attachments; files staged under /var/tmp with names ending in "
                        + "\"-1\" were seen in Pegasus zero-click deliveries, and the reference tool flags this pattern.",
                "Temporary files are also left by interrupted transfers. This points an expert at the message and its time; it is not "
                        + "proof of an exploit.");
    }

    private static String name(Record r) {
        String t = r.str("transfer_name");
        if (t != null && !t.isBlank()) return t;
        String f = r.str("filename");
        return f == null ? null : f.substring(f.lastIndexOf('/') + 1);
    }

    private void checkContentType(Record r, Checker checker) {
        String name = name(r);
        String promised = FileMagic.fromName(name);
        if (promised == null) return;
        String actual = r.str("file_type");
        String basis;
        if (actual != null && !"unknown".equals(actual)) {
            basis = "its first bytes (" + r.str("file_head") + ")";
        } else {
            actual = FileMagic.fromMime(r.str("mime_type"));
            String byUti = FileMagic.fromUti(r.str("uti"));
            if (actual == null) actual = byUti;
            basis = "its declared type (mime_type " + r.str("mime_type") + ", uti " + r.str("uti") + "; "
                    + (Boolean.TRUE.equals(r.get("file_present")) ? "the file's first bytes match no known type)" : "the file itself is not in the evidence)");
        }
        if (actual == null || Objects.equals(actual, promised)) return;
        boolean imageName = FileMagic.IMAGES.contains(promised);
        if (imageName && FileMagic.DANGEROUS_UNDER_IMAGE_NAME.contains(actual)) {
            checker.alert(Level.HIGH, r,
                    "Attachment \"" + name + "\" is named as " + promised.toUpperCase(Locale.ROOT) + " but is a " + actual.toUpperCase(Locale.ROOT)
                            + " according to " + basis,
                    "FORCEDENTRY (NSO Group Pegasus, 2021) sent iMessage attachments named .gif that were PDF files with a JBIG2 stream "
                            + "(or PSD files), so that the image decoders would parse them outside the BlastDoor sandbox. A "
                            + actual + " under an image name is that delivery pattern.",
                    "The mismatch alone does not prove an exploit: some apps mislabel files. Keep the file and its message for an expert, "
                            + "who can look inside it; a PDF whose only content is a JBIG2 stream is the strong sign.");
        } else if (!(imageName && FileMagic.IMAGES.contains(actual))) {
            checker.alert(Level.LOW, r,
                    "Attachment \"" + name + "\" is named as " + promised + " but is " + actual + " according to " + basis,
                    "An attachment whose content does not match its name can be a way to reach a parser the name would not reach.",
                    "Mislabelled files are also common and harmless; this is a lead to look at, not a finding.");
        }
    }

    static boolean isPassKit(Record r) {
        String n = name(r);
        return n != null && n.toLowerCase(Locale.ROOT).endsWith(".pkpass")
                || "application/vnd.apple.pkpass".equalsIgnoreCase(r.str("mime_type"))
                || "com.apple.pkpass".equalsIgnoreCase(r.str("uti"));
    }

    private void checkPassKit(Record r, Checker checker) {
        if (!isPassKit(r) || !"received".equals(r.str("direction"))) return;
        Object known = r.get("sender_in_contacts");
        if (Boolean.TRUE.equals(known)) return;
        String who = r.str("handle") == null ? "an unknown sender" : r.str("handle");
        String why = "BLASTPASS (NSO Group Pegasus, found by Citizen Lab in September 2023, CVE-2023-41064 and CVE-2023-41061) was delivered as "
                + "iMessage PassKit attachments holding malicious images, sent from attacker accounts the victim did not know.";
        String caveat = "Wallet passes (tickets, boarding passes) are also sent legitimately, sometimes by businesses not in the contacts; this does "
                + "not prove an exploit attempt. An expert can check the pass for unexpected images (BLASTPASS used WebP) and the sender account.";
        if (Boolean.FALSE.equals(known)) {
            checker.alert(Level.HIGH, r, "PassKit attachment \"" + name(r) + "\" received from " + who + ", who is not in the address book", why, caveat);
        } else {
            checker.alert(Level.MEDIUM, r, "PassKit attachment \"" + name(r) + "\" received from " + who
                    + " (the address book was not available to tell whether the sender is known)", why, caveat);
        }
    }

    @Override
    protected String eventKind(Record r) {
        return "attachment_" + (r.str("direction") == null ? "unknown" : r.str("direction"));
    }

    @Override
    public String describe(Record r) {
        return "Attachment " + name(r) + " (" + (r.str("mime_type") == null ? "?" : r.str("mime_type")) + ", "
                + (r.str("total_bytes") == null ? "?" : r.str("total_bytes")) + " bytes) "
                + ("sent".equals(r.str("direction")) ? "sent to " : "received from ") + (r.str("handle") == null ? "?" : r.str("handle"));
    }
}
