package dev.vigil.samples.ios.artifacts;

import dev.vigil.samples.ios.IosFiles;

import java.time.Instant;

/**
 * Writes WhatsApp's {@code ChatStorage.sqlite}: ZWAMESSAGE, ZWACHATSESSION, ZWAMEDIAITEM and
 * ZWAMESSAGEDATAITEM with the columns of WhatsApp 2.22 on iOS 15 (the same as the iOS 15.3.1
 * reference image), which WhatsApp keeps on iOS 16-17.
 */
public final class WhatsAppChatStorageDb extends SqliteFile {
    public static final String GROUP = "private/var/mobile/Containers/Shared/AppGroup/5F2E6C1A-7B3D-4E8F-9A0B-1C2D3E4F5A6B/";
    public static final String PATH = GROUP + "ChatStorage.sqlite";

    public WhatsAppChatStorageDb() {
        super("CREATE TABLE ZWAMESSAGE (Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, Z_OPT INTEGER, ZCHILDMESSAGESDELIVEREDCOUNT INTEGER, "
                        + "ZCHILDMESSAGESPLAYEDCOUNT INTEGER, ZCHILDMESSAGESREADCOUNT INTEGER, ZDATAITEMVERSION INTEGER, ZDOCID INTEGER, "
                        + "ZENCRETRYCOUNT INTEGER, ZFILTEREDRECIPIENTCOUNT INTEGER, ZFLAGS INTEGER, ZGROUPEVENTTYPE INTEGER, ZISFROMME INTEGER, "
                        + "ZMESSAGEERRORSTATUS INTEGER, ZMESSAGESTATUS INTEGER, ZMESSAGETYPE INTEGER, ZSORT INTEGER, ZSPOTLIGHTSTATUS INTEGER, "
                        + "ZSTARRED INTEGER, ZCHATSESSION INTEGER, ZGROUPMEMBER INTEGER, ZLASTSESSION INTEGER, ZMEDIAITEM INTEGER, "
                        + "ZMESSAGEINFO INTEGER, ZPARENTMESSAGE INTEGER, ZMESSAGEDATE TIMESTAMP, ZSENTDATE TIMESTAMP, ZFROMJID VARCHAR, "
                        + "ZMEDIASECTIONID VARCHAR, ZPHASH VARCHAR, ZPUSHNAME VARCHAR, ZSTANZAID VARCHAR, ZTEXT VARCHAR, ZTOJID VARCHAR)",
                "CREATE TABLE ZWACHATSESSION (Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, Z_OPT INTEGER, ZARCHIVED INTEGER, ZCONTACTABID INTEGER, "
                        + "ZFLAGS INTEGER, ZHIDDEN INTEGER, ZIDENTITYVERIFICATIONEPOCH INTEGER, ZIDENTITYVERIFICATIONSTATE INTEGER, "
                        + "ZMESSAGECOUNTER INTEGER, ZREMOVED INTEGER, ZSESSIONTYPE INTEGER, ZSPOTLIGHTSTATUS INTEGER, ZUNREADCOUNT INTEGER, "
                        + "ZGROUPINFO INTEGER, ZLASTMESSAGE INTEGER, ZPROPERTIES INTEGER, ZLASTMESSAGEDATE TIMESTAMP, "
                        + "ZLOCATIONSHARINGENDDATE TIMESTAMP, ZCONTACTIDENTIFIER VARCHAR, ZCONTACTJID VARCHAR, ZETAG VARCHAR, "
                        + "ZLASTMESSAGETEXT VARCHAR, ZPARTNERNAME VARCHAR, ZSAVEDINPUT VARCHAR)",
                "CREATE TABLE ZWAMEDIAITEM (Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, Z_OPT INTEGER, ZCLOUDSTATUS INTEGER, ZFILESIZE INTEGER, "
                        + "ZMEDIAORIGIN INTEGER, ZMOVIEDURATION INTEGER, ZMESSAGE INTEGER, ZASPECTRATIO FLOAT, ZHACCURACY FLOAT, ZLATITUDE FLOAT, "
                        + "ZLONGITUDE FLOAT, ZMEDIAURLDATE TIMESTAMP, ZAUTHORNAME VARCHAR, ZCOLLECTIONNAME VARCHAR, ZMEDIALOCALPATH VARCHAR, "
                        + "ZMEDIAURL VARCHAR, ZTHUMBNAILLOCALPATH VARCHAR, ZTITLE VARCHAR, ZVCARDNAME VARCHAR, ZVCARDSTRING VARCHAR, "
                        + "ZXMPPTHUMBPATH VARCHAR, ZMEDIAKEY BLOB, ZMETADATA BLOB)",
                "CREATE TABLE ZWAMESSAGEDATAITEM (Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, Z_OPT INTEGER, ZINDEX INTEGER, ZOWNSTHUMBNAIL INTEGER, "
                        + "ZTYPE INTEGER, ZMESSAGE INTEGER, ZDATE TIMESTAMP, ZCHATJID VARCHAR, ZCONTENT1 VARCHAR, ZCONTENT2 VARCHAR, "
                        + "ZMATCHEDTEXT VARCHAR, ZSECTIONID VARCHAR, ZSENDERJID VARCHAR, ZSUMMARY VARCHAR, ZTHUMBNAILPATH VARCHAR, ZTITLE VARCHAR)");
    }

    public long chat(String jid, String name) {
        return insert("INSERT INTO ZWACHATSESSION (Z_ENT, Z_OPT, ZARCHIVED, ZHIDDEN, ZSESSIONTYPE, ZUNREADCOUNT, ZCONTACTJID, ZPARTNERNAME) VALUES (4, 1, 0, 0, 0, 0, ?, ?)", jid, name);
    }

    /** A text message (type 0) in a chat; {@code fromMe} sets ZTOJID, otherwise ZFROMJID is the chat's partner. */
    public long text(long chat, String partnerJid, boolean fromMe, Instant date, String text) {
        return insert("INSERT INTO ZWAMESSAGE (Z_ENT, Z_OPT, ZISFROMME, ZMESSAGESTATUS, ZMESSAGETYPE, ZCHATSESSION, ZMESSAGEDATE, ZSENTDATE, ZFROMJID, ZTOJID, ZSTANZAID, ZTEXT) "
                        + "VALUES (9, 2, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?)",
                fromMe ? 1 : 0, fromMe ? 8 : 0, chat, cocoa(date), cocoa(date), fromMe ? null : partnerJid, fromMe ? partnerJid : null,
                Long.toHexString(date.getEpochSecond() * 31 + chat).toUpperCase(), text);
    }

    /** A link preview attached to a message (ZWAMESSAGEDATAITEM). */
    public void linkPreview(long message, String url, String title) {
        insert("INSERT INTO ZWAMESSAGEDATAITEM (Z_ENT, Z_OPT, ZINDEX, ZTYPE, ZMESSAGE, ZCONTENT1, ZMATCHEDTEXT, ZTITLE) VALUES (7, 1, 0, 0, ?, ?, ?, ?)", message, url, url, title);
    }

    /** Demo chat: ordinary messages and a link to a Predator (Intellexa) domain with its preview. */
    public static void plantDemo(IosFiles fs) {
        WhatsAppChatStorageDb db = new WhatsAppChatStorageDb();
        String jid = "41765550987@s.whatsapp.net";
        long chat = db.chat(jid, "Press Office");
        db.text(chat, jid, false, Instant.parse("2023-05-17T07:58:00Z"), "Good morning, about your article");
        long link = db.text(chat, jid, false, Instant.parse("2023-05-17T07:59:10Z"), "Please read this first: https://coazoa.com/news/2023/05/17");
        db.linkPreview(link, "https://coazoa.com/news/2023/05/17", "Breaking news");
        db.text(chat, jid, true, Instant.parse("2023-05-17T08:30:00Z"), "Who is this?");
        fs.put(PATH, db.bytes());
        ContainerMetadata.put(fs, GROUP, "group.net.whatsapp.WhatsApp.shared");
    }
}
