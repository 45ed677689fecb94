package dev.vigil.samples.ios.artifacts;

import dev.vigil.samples.ios.IosFiles;

import java.time.Instant;

/**
 * Writes WhatsApp's {@code ContactsV2.sqlite}: ZWAADDRESSBOOKCONTACT with the columns of WhatsApp
 * 2.22-2.23 on iOS 15-17.
 */
public final class WhatsAppContactsDb extends SqliteFile {
    public static final String PATH = WhatsAppChatStorageDb.GROUP + "ContactsV2.sqlite";

    public WhatsAppContactsDb() {
        super("CREATE TABLE ZWAADDRESSBOOKCONTACT (Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, Z_OPT INTEGER, ZABOUTTIMESTAMP TIMESTAMP, "
                + "ZBUSINESSNAME VARCHAR, ZFULLNAME VARCHAR, ZGIVENNAME VARCHAR, ZHIGHLIGHTEDNAME VARCHAR, ZIDENTIFIER VARCHAR, "
                + "ZLASTUPDATED TIMESTAMP, ZLID VARCHAR, ZPHONENUMBER VARCHAR, ZPHONENUMBERLABEL VARCHAR, ZUSERNAME VARCHAR, "
                + "ZWHATSAPPID VARCHAR, ZABOUTTEXT VARCHAR)");
    }

    public long contact(String fullName, String phone, String waId, String about, Instant updated) {
        return insert("INSERT INTO ZWAADDRESSBOOKCONTACT (Z_ENT, Z_OPT, ZABOUTTIMESTAMP, ZFULLNAME, ZGIVENNAME, ZIDENTIFIER, ZLASTUPDATED, ZPHONENUMBER, "
                        + "ZPHONENUMBERLABEL, ZWHATSAPPID, ZABOUTTEXT) VALUES (1, 1, ?, ?, ?, ?, ?, ?, 'mobile', ?, ?)",
                about == null ? null : cocoa(updated), fullName, fullName.split(" ")[0],
                java.util.UUID.nameUUIDFromBytes(fullName.getBytes()).toString().toUpperCase() + ":ABPerson", cocoa(updated), phone, waId, about);
    }

    /** Demo contacts: one ordinary, one whose "about" text links to a Cytrox/Predator domain. */
    public static void plantDemo(IosFiles fs) {
        WhatsAppContactsDb db = new WhatsAppContactsDb();
        db.contact("Maria Keller", "+41 79 555 01 23", "41795550123@s.whatsapp.net", "Hey there! I am using WhatsApp.", Instant.parse("2023-01-04T09:00:00Z"));
        db.contact("Press Office", "+41 76 555 09 87", "41765550987@s.whatsapp.net", "Daily news: shortenurls.me/daily", Instant.parse("2023-05-16T20:00:00Z"));
        fs.put(PATH, db.bytes());
    }
}
