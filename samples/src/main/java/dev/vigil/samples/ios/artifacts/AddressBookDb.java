package dev.vigil.samples.ios.artifacts;

import dev.vigil.samples.ios.IosFiles;

import java.time.Instant;
import java.util.List;

/**
 * Writes {@code AddressBook.sqlitedb} (Contacts): ABPerson and ABMultiValue with the columns of
 * iOS 16 (as in the iOS 16.1.1 reference image; iOS 14-15 lack the trailing Memoji/Image* columns,
 * which Vigil does not read). ABMultiValue.property: 3 phone, 4 e-mail, 22 URL.
 */
public final class AddressBookDb extends SqliteFile {
    public static final String PATH = "private/var/mobile/Library/AddressBook/AddressBook.sqlitedb";

    public AddressBookDb() {
        super("CREATE TABLE ABPerson (ROWID INTEGER PRIMARY KEY AUTOINCREMENT, First TEXT, Last TEXT, Middle TEXT, FirstPhonetic TEXT, "
                        + "MiddlePhonetic TEXT, LastPhonetic TEXT, Organization TEXT, Department TEXT, Note TEXT, Kind INTEGER, Birthday TEXT, "
                        + "JobTitle TEXT, Nickname TEXT, Prefix TEXT, Suffix TEXT, FirstSort TEXT, LastSort TEXT, CreationDate INTEGER, "
                        + "ModificationDate INTEGER, CompositeNameFallback TEXT, ExternalIdentifier TEXT, ExternalModificationTag TEXT, "
                        + "ExternalUUID TEXT, StoreID INTEGER, DisplayName TEXT, ExternalRepresentation BLOB, FirstSortSection TEXT, "
                        + "LastSortSection TEXT, FirstSortLanguageIndex INTEGER DEFAULT 2147483647, LastSortLanguageIndex INTEGER DEFAULT 2147483647, "
                        + "PersonLink INTEGER DEFAULT -1, ImageURI TEXT, IsPreferredName INTEGER DEFAULT 1, guid TEXT, "
                        + "PhonemeData TEXT, AlternateBirthday TEXT, MapsData TEXT, FirstPronunciation TEXT, MiddlePronunciation TEXT, "
                        + "LastPronunciation TEXT, OrganizationPhonetic TEXT, OrganizationPronunciation TEXT, PreviousFamilyName TEXT, "
                        + "PreferredLikenessSource TEXT, PreferredPersonaIdentifier TEXT, PreferredChannel TEXT, DowntimeWhitelist TEXT, "
                        + "ImageType TEXT, ImageHash BLOB, MemojiMetadata BLOB, UNIQUE(guid))",
                "CREATE TABLE ABMultiValue (UID INTEGER PRIMARY KEY, record_id INTEGER, property INTEGER, identifier INTEGER, label INTEGER, value TEXT, guid TEXT, UNIQUE(guid))",
                "CREATE TABLE ABMultiValueLabel (value TEXT, UNIQUE(value))",
                "CREATE TABLE ABStore (ROWID INTEGER PRIMARY KEY AUTOINCREMENT, Name TEXT, Guid TEXT, Enabled INTEGER, Type INTEGER)");
        insert("INSERT INTO ABMultiValueLabel (value) VALUES ('_$!<Mobile>!$_')");
        insert("INSERT INTO ABMultiValueLabel (value) VALUES ('_$!<Home>!$_')");
    }

    public long person(String first, String last, String org, String note, Instant created, List<String> phones, List<String> emails, List<String> urls) {
        long id = insert("INSERT INTO ABPerson (First, Last, Organization, Note, Kind, CreationDate, ModificationDate, StoreID, guid) VALUES (?, ?, ?, ?, 0, ?, ?, 0, ?)",
                first, last, org, note, (long) cocoa(created), (long) cocoa(created), java.util.UUID.nameUUIDFromBytes((first + last).getBytes()).toString().toUpperCase() + ":ABPerson");
        int ident = 0;
        for (String p : phones) mv(id, 3, ident++, 1, p);
        for (String e : emails) mv(id, 4, ident++, 2, e);
        for (String u : urls) mv(id, 22, ident++, 2, u);
        return id;
    }

    private void mv(long person, int property, int identifier, int label, String value) {
        insert("INSERT INTO ABMultiValue (record_id, property, identifier, label, value, guid) VALUES (?, ?, ?, ?, ?, ?)",
                person, property, identifier, label, value, java.util.UUID.nameUUIDFromBytes((person + "/" + property + "/" + value).getBytes()).toString().toUpperCase());
    }

    /** Demo contacts: a friend (who sends the ordinary messages) and a colleague whose contact URL is a Predator domain. */
    public static void plantDemo(IosFiles fs) {
        AddressBookDb db = new AddressBookDb();
        db.person("Maria", "Keller", null, null, Instant.parse("2021-03-02T10:00:00Z"), List.of("+41 79 555 01 23"), List.of("maria.keller@mail.example"), List.of());
        db.person("Jonas", "Weber", "Weber Consulting", "Met at the 2022 press conference", Instant.parse("2022-09-14T16:20:00Z"),
                List.of("079 555 04 56"), List.of(), List.of("https://md-news-direct.com/weber"));
        fs.put(PATH, db.bytes());
    }
}
