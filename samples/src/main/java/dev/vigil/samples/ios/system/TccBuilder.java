package dev.vigil.samples.ios.system;

import dev.vigil.samples.ios.IosFiles;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * TCC.db {@code access} table in its two iOS layouts: iOS 14 to iOS 17 ({@code auth_value},
 * {@code auth_reason}, {@code auth_version}, {@code indirect_object_*}, {@code last_modified})
 * and iOS 12/13 ({@code allowed}, {@code prompt_count}, {@code last_modified}).
 */
public final class TccBuilder {
    public static final String PATH = "private/var/mobile/Library/TCC/TCC.db";

    /** One row; {@code authValue} 0 denied, 2 allowed, 3 limited; {@code clientType} 0 bundle id, 1 path. */
    public record Row(String service, String client, int clientType, int authValue, int authReason, Instant modified) {}

    private final List<Row> rows = new ArrayList<>();
    private final boolean ios13;

    /** @param ios13 true for the iOS 12/13 layout */
    public TccBuilder(boolean ios13) {
        this.ios13 = ios13;
    }

    public TccBuilder row(String service, String client, int clientType, int authValue, int authReason, Instant modified) {
        rows.add(new Row(service, client, clientType, authValue, authReason, modified));
        return this;
    }

    public byte[] build() {
        return SqliteFile.build(c -> {
            SqliteFile.exec(c, "CREATE TABLE admin (key TEXT PRIMARY KEY NOT NULL, value INTEGER NOT NULL);"
                    + "CREATE TABLE policies (id INTEGER NOT NULL PRIMARY KEY, bundle_id TEXT NOT NULL, uuid TEXT NOT NULL, display TEXT NOT NULL, UNIQUE (bundle_id, uuid));"
                    + (ios13
                    ? "CREATE TABLE access (service TEXT NOT NULL, client TEXT NOT NULL, client_type INTEGER NOT NULL, allowed INTEGER NOT NULL, "
                    + "prompt_count INTEGER NOT NULL, csreq BLOB, policy_id INTEGER, indirect_object_identifier_type INTEGER, "
                    + "indirect_object_identifier TEXT, indirect_object_code_identity BLOB, flags INTEGER, last_modified INTEGER NOT NULL DEFAULT "
                    + "(CAST(strftime('%s','now') AS INTEGER)), PRIMARY KEY (service, client, client_type, indirect_object_identifier))"
                    : "CREATE TABLE access (service TEXT NOT NULL, client TEXT NOT NULL, client_type INTEGER NOT NULL, auth_value INTEGER NOT NULL, "
                    + "auth_reason INTEGER NOT NULL, auth_version INTEGER NOT NULL, csreq BLOB, policy_id INTEGER, indirect_object_identifier_type INTEGER, "
                    + "indirect_object_identifier TEXT NOT NULL DEFAULT 'UNUSED', indirect_object_code_identity BLOB, flags INTEGER, "
                    + "last_modified INTEGER NOT NULL DEFAULT (CAST(strftime('%s','now') AS INTEGER)), "
                    + "PRIMARY KEY (service, client, client_type, indirect_object_identifier))"));
            SqliteFile.insert(c, "INSERT INTO admin VALUES ('version', ?)", ios13 ? 15 : 19);
            for (Row r : rows) {
                if (ios13) {
                    SqliteFile.insert(c, "INSERT INTO access VALUES (?,?,?,?,?,NULL,NULL,0,'UNUSED',NULL,0,?)", r.service(), r.client(),
                            r.clientType(), r.authValue() == 2 ? 1 : 0, 1, r.modified().getEpochSecond());
                } else {
                    SqliteFile.insert(c, "INSERT INTO access VALUES (?,?,?,?,?,1,NULL,NULL,0,'UNUSED',NULL,0,?)", r.service(), r.client(),
                            r.clientType(), r.authValue(), r.authReason(), r.modified().getEpochSecond());
                }
            }
        });
    }

    /**
     * TCC.db of the demo phone: WhatsApp's camera and microphone, plus the Pegasus process
     * {@code msgacntd} (Amnesty, 2021) holding microphone access by absolute path.
     */
    public static void plantDemo(IosFiles fs) {
        Instant t = Instant.parse("2023-04-02T12:00:00Z");
        fs.put(PATH, new TccBuilder(false)
                .row("kTCCServiceCamera", "net.whatsapp.WhatsApp", 0, 2, 2, t)
                .row("kTCCServiceMicrophone", "net.whatsapp.WhatsApp", 0, 2, 2, t.plusSeconds(5))
                .row("kTCCServicePhotos", "com.burbn.instagram", 0, 3, 2, t.plusSeconds(3600))
                .row("kTCCServiceMicrophone", "/private/var/tmp/msgacntd", 1, 2, 4, DataUsageBuilder.DEMO_INFECTION.plusSeconds(45))
                .build());
    }
}
