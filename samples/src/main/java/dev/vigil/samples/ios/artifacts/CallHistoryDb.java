package dev.vigil.samples.ios.artifacts;

import dev.vigil.samples.ios.IosFiles;

import java.time.Instant;

/**
 * Writes {@code CallHistory.storedata} (Core Data store of the Phone app): ZCALLRECORD with the
 * columns of iOS 15-17 (ZADDRESS stored as a UTF-8 blob as on iOS 15+), plus Z_PRIMARYKEY and
 * Z_METADATA.
 */
public final class CallHistoryDb extends SqliteFile {
    public static final String PATH = "private/var/mobile/Library/CallHistoryDB/CallHistory.storedata";

    public CallHistoryDb() {
        super("CREATE TABLE ZCALLRECORD (Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, Z_OPT INTEGER, ZANSWERED INTEGER, ZCALL_CATEGORY INTEGER, "
                        + "ZCALLTYPE INTEGER, ZDISCONNECTED_CAUSE INTEGER, ZFACE_TIME_DATA INTEGER, ZHANDLE_TYPE INTEGER, ZNUMBER_AVAILABILITY INTEGER, "
                        + "ZORIGINATED INTEGER, ZREAD INTEGER, ZJUNKCONFIDENCE INTEGER, ZJUNKIDENTIFICATIONCATEGORY INTEGER, ZVERIFICATIONSTATUS INTEGER, "
                        + "ZDATE TIMESTAMP, ZDURATION FLOAT, ZADDRESS BLOB, ZDEVICE_ID VARCHAR, ZISO_COUNTRY_CODE VARCHAR, ZLOCATION VARCHAR, "
                        + "ZNAME VARCHAR, ZSERVICE_PROVIDER VARCHAR, ZUNIQUE_ID VARCHAR, ZLOCALPARTICIPANTUUID BLOB, ZOUTGOINGLOCALPARTICIPANTUUID BLOB, "
                        + "ZPARTICIPANTGROUPUUID BLOB, ZCONVERSATIONID BLOB)",
                "CREATE TABLE Z_PRIMARYKEY (Z_ENT INTEGER PRIMARY KEY, Z_NAME VARCHAR, Z_SUPER INTEGER, Z_MAX INTEGER)",
                "CREATE TABLE Z_METADATA (Z_VERSION INTEGER PRIMARY KEY, Z_UUID VARCHAR(255), Z_PLIST BLOB)");
    }

    /** A call; {@code callType} 1 phone, 8 FaceTime video, 16 FaceTime audio. */
    public long call(String address, Instant date, double duration, boolean originated, boolean answered, int callType, String provider) {
        return insert("INSERT INTO ZCALLRECORD (Z_ENT, Z_OPT, ZANSWERED, ZCALL_CATEGORY, ZCALLTYPE, ZDISCONNECTED_CAUSE, ZHANDLE_TYPE, ZORIGINATED, ZREAD, "
                        + "ZDATE, ZDURATION, ZADDRESS, ZISO_COUNTRY_CODE, ZLOCATION, ZSERVICE_PROVIDER, ZUNIQUE_ID) VALUES (2, 1, ?, 1, ?, 0, ?, ?, 1, ?, ?, ?, 'ch', '', ?, ?)",
                answered ? 1 : 0, callType, address.contains("@") ? 3 : 2, originated ? 1 : 0, cocoa(date), duration,
                address.getBytes(java.nio.charset.StandardCharsets.UTF_8), provider,
                java.util.UUID.nameUUIDFromBytes((address + date).getBytes()).toString().toUpperCase());
    }

    /** Demo calls: an ordinary call and a missed FaceTime call from an Apple ID listed in the Pegasus indicators. */
    public static void plantDemo(IosFiles fs) {
        CallHistoryDb db = new CallHistoryDb();
        db.call("+41795550123", Instant.parse("2023-05-09T17:30:00Z"), 312.5, true, true, 1, "com.apple.Telephony");
        db.call("bekkerfredi@gmail.com", Instant.parse("2023-05-12T02:39:51Z"), 0, false, false, 16, "com.apple.FaceTime");
        fs.put(PATH, db.bytes());
    }
}
