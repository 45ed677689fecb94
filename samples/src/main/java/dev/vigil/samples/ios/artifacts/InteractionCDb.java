package dev.vigil.samples.ios.artifacts;

import dev.vigil.samples.ios.IosFiles;

import java.time.Instant;

/**
 * Writes {@code interactionC.db} (CoreDuet People): ZINTERACTIONS, ZCONTACTS and the recipients
 * join table Z_1INTERACTIONS (Z_1RECIPIENTS, Z_3INTERACTIONS), as on iOS 15-17.
 */
public final class InteractionCDb extends SqliteFile {
    public static final String PATH = "private/var/mobile/Library/CoreDuet/People/interactionC.db";

    public InteractionCDb() {
        super("CREATE TABLE ZCONTACTS (Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, Z_OPT INTEGER, ZINCOMINGRECIPIENTCOUNT INTEGER, "
                        + "ZINCOMINGSENDERCOUNT INTEGER, ZOUTGOINGRECIPIENTCOUNT INTEGER, ZTYPE INTEGER, ZCREATIONDATE TIMESTAMP, "
                        + "ZFIRSTINCOMINGRECIPIENTDATE TIMESTAMP, ZFIRSTINCOMINGSENDERDATE TIMESTAMP, ZFIRSTOUTGOINGRECIPIENTDATE TIMESTAMP, "
                        + "ZLASTINCOMINGSENDERDATE TIMESTAMP, ZLASTINCOMINGRECIPIENTDATE TIMESTAMP, ZLASTOUTGOINGRECIPIENTDATE TIMESTAMP, "
                        + "ZCUSTOMIDENTIFIER VARCHAR, ZDISPLAYNAME VARCHAR, ZIDENTIFIER VARCHAR, ZPERSONID VARCHAR, ZPERSONIDTYPE INTEGER)",
                "CREATE TABLE ZINTERACTIONS (Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, Z_OPT INTEGER, ZDIRECTION INTEGER, ZISRESPONSE INTEGER, "
                        + "ZMECHANISM INTEGER, ZRECIPIENTCOUNT INTEGER, ZSENDER INTEGER, ZCREATIONDATE TIMESTAMP, ZENDDATE TIMESTAMP, "
                        + "ZSTARTDATE TIMESTAMP, ZACCOUNT VARCHAR, ZBUNDLEID VARCHAR, ZCONTENTURL VARCHAR, ZDERIVEDINTENTIDENTIFIER VARCHAR, "
                        + "ZDOMAINIDENTIFIER VARCHAR, ZGROUPNAME VARCHAR, ZLOCATIONUUID VARCHAR, ZTARGETBUNDLEID VARCHAR, ZUUID VARCHAR)",
                "CREATE TABLE Z_1INTERACTIONS (Z_1RECIPIENTS INTEGER, Z_3INTERACTIONS INTEGER, PRIMARY KEY (Z_1RECIPIENTS, Z_3INTERACTIONS))");
    }

    public long contact(String identifier, String displayName) {
        return insert("INSERT INTO ZCONTACTS (Z_ENT, Z_OPT, ZTYPE, ZIDENTIFIER, ZDISPLAYNAME, ZPERSONIDTYPE) VALUES (1, 1, 0, ?, ?, 0)", identifier, displayName);
    }

    /** An interaction; direction 0 incoming, 1 outgoing. */
    public long interaction(String bundleId, int direction, long sender, Instant start, String contentUrl, long... recipients) {
        long id = insert("INSERT INTO ZINTERACTIONS (Z_ENT, Z_OPT, ZDIRECTION, ZISRESPONSE, ZMECHANISM, ZRECIPIENTCOUNT, ZSENDER, ZCREATIONDATE, ZENDDATE, "
                        + "ZSTARTDATE, ZBUNDLEID, ZCONTENTURL, ZDERIVEDINTENTIDENTIFIER, ZDOMAINIDENTIFIER, ZUUID) VALUES (3, 1, ?, 0, 4, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                direction, recipients.length, sender == 0 ? null : sender, cocoa(start), cocoa(start), cocoa(start), bundleId, contentUrl,
                java.util.UUID.nameUUIDFromBytes((bundleId + start).getBytes()).toString().toUpperCase(), "chat-" + sender,
                java.util.UUID.nameUUIDFromBytes((start + bundleId).getBytes()).toString().toUpperCase());
        for (long r : recipients) insert("INSERT INTO Z_1INTERACTIONS (Z_1RECIPIENTS, Z_3INTERACTIONS) VALUES (?, ?)", r, id);
        return id;
    }

    /** Demo interactions: an ordinary outgoing message and an incoming one from the Pegasus-listed iMessage account. */
    public static void plantDemo(IosFiles fs) {
        InteractionCDb db = new InteractionCDb();
        long me = db.contact("mailto:owner@icloud.example", null);
        long maria = db.contact("tel:+41795550123", "Maria Keller");
        long attacker = db.contact("mailto:bogaardlisa803@gmail.com", null);
        db.interaction("com.apple.MobileSMS", 1, me, Instant.parse("2023-05-10T08:17:00Z"), null, maria);
        db.interaction("com.apple.MobileSMS", 0, attacker, Instant.parse("2023-05-12T02:41:07Z"), null, me);
        fs.put(PATH, db.bytes());
    }
}
