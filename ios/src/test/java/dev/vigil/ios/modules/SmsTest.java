package dev.vigil.ios.modules;

import dev.vigil.core.evidence.MemorySource;
import dev.vigil.core.ioc.Indicators;
import dev.vigil.core.model.Alert;
import dev.vigil.core.model.Level;
import dev.vigil.core.model.ModuleResult;
import dev.vigil.core.model.ModuleStatus;
import dev.vigil.core.model.Record;
import dev.vigil.core.model.RunResult;
import dev.vigil.samples.ios.IosFiles;
import dev.vigil.samples.ios.artifacts.AddressBookDb;
import dev.vigil.samples.ios.artifacts.CallHistoryDb;
import dev.vigil.samples.ios.artifacts.SmsDb;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class SmsTest {
    private static IosFiles demo() {
        IosFiles fs = new IosFiles();
        SmsDb.plantDemo(fs);
        AddressBookDb.plantDemo(fs);
        return fs;
    }

    @Test
    void parsesEveryMessageOfTheDemoDatabase() {
        ModuleResult r = IosTestSupport.runOne(IosTestSupport.source(demo()), Indicators.empty(), new Sms());
        assertThat(r.status()).isEqualTo(ModuleStatus.OK);
        assertThat(r.records()).hasSize(8);
        Record first = r.records().get(0);
        assertThat(first.str("timestamp")).isEqualTo("2023-05-10T08:15:00Z");
        assertThat(first.str("direction")).isEqualTo("received");
        assertThat(first.str("handle")).isEqualTo("+41795550123");
        assertThat(first.str("text")).isEqualTo("Lunch at 12:30?");
        assertThat(first.str("text_source")).isEqualTo("text");
        assertThat(first.str("date_read")).isEqualTo("2023-05-10T08:16:00Z");
        assertThat(r.records().get(1).str("direction")).isEqualTo("sent");
        Record link = r.records().get(2);
        assertThat(link.strings("links")).containsExactly("https://smscentro.com/track/8812");
        Record body = r.records().get(3);
        assertThat(body.str("text")).isEqualTo("Last reminder: weather4free.com/alert/2291");
        assertThat(body.str("text_source")).isEqualTo("attributedBody");
        assertThat(body.strings("links")).containsExactly("weather4free.com/alert/2291");
        assertThat(r.records().get(4).str("text")).isNull();
        assertThat(r.records().get(4).bool("has_attachments")).isTrue();
        assertThat(r.timeline()).hasSize(8);
        assertThat(r.timeline().get(0).event()).isEqualTo("message_received");
        assertThat(r.timeline().get(1).event()).isEqualTo("message_sent");
        assertThat(r.timeline().get(2).data()).isEqualTo("SMS from +41765550987: Your parcel is held at customs, pay the fee: https://smscentro.com/track/8812");
        assertThat(r.warnings()).isEmpty();
    }

    @Test
    void plantedLinksSendersAndThreatNotificationAlert() {
        ModuleResult r = IosTestSupport.runOne(IosTestSupport.source(demo()), IosTestSupport.planted(), new Sms());
        assertThat(r.alerts()).extracting(Alert::level, a -> a.matchedIndicator() == null ? null : a.matchedIndicator().value())
                .containsExactly(
                        tuple(Level.CRITICAL, "smscentro.com"),
                        tuple(Level.CRITICAL, "weather4free.com"),
                        tuple(Level.CRITICAL, "bogaardlisa803@gmail.com"),
                        tuple(Level.HIGH, null));
        Alert notification = r.alerts().get(3);
        assertThat(notification.message()).startsWith("Message from +447700900777 reads like an Apple threat notification");
        assertThat(notification.why()).contains("Apple sends threat notifications");
        assertThat(notification.caveat()).contains("not that this device was compromised");
        assertThat(notification.eventTime()).isEqualTo("2023-05-20T09:00:00Z");
        assertThat(r.alerts().get(0).message()).isEqualTo(
                "Link in message https://smscentro.com/track/8812 matches a known indicator of NSO Group Pegasus: smscentro.com");
    }

    @Test
    void ios14SchemaWithoutNewColumnsIsRead() {
        SmsDb db = new SmsDb(SmsDb.Version.IOS_14);
        long h = db.handle("+41795550123", "SMS");
        db.message(h, false, Instant.parse("2021-02-01T10:00:00Z"), "see https://smscentro.com/x", false, "SMS");
        MemorySource src = new MemorySource("ios-backup", "t", false).put(SmsDb.PATH, db.bytes());
        ModuleResult r = IosTestSupport.runOne(src, IosTestSupport.planted(), new Sms());
        assertThat(r.records()).singleElement().satisfies(rec -> {
            assertThat(rec.str("timestamp")).isEqualTo("2021-02-01T10:00:00Z");
            assertThat(rec.get("date_edited")).isNull();
        });
        assertThat(r.alerts()).hasSize(1);
    }

    @Test
    void senderMailDomainOnAnIndicatorMatches() {
        SmsDb db = new SmsDb(SmsDb.Version.IOS_17);
        long h = db.handle("support@smscentro.com", "iMessage");
        db.message(h, false, Instant.parse("2023-01-01T00:00:00Z"), "hello", false, "iMessage");
        ModuleResult r = IosTestSupport.runOne(new MemorySource("ios-fs", "t", false).put(SmsDb.PATH, db.bytes()), IosTestSupport.planted(), new Sms());
        assertThat(r.alerts()).singleElement().satisfies(a -> assertThat(a.message())
                .isEqualTo("Message sender support@smscentro.com (its mail domain) matches a known indicator of NSO Group Pegasus: smscentro.com"));
    }

    @Test
    void corruptDatabaseFailsThisModuleOnlyWithAClearMessage() {
        IosFiles fs = new IosFiles();
        byte[] good = new SmsDb(SmsDb.Version.IOS_17).bytes();
        fs.put(SmsDb.PATH, Arrays.copyOf(good, 1500)); // truncated: header intact, pages missing
        CallHistoryDb.plantDemo(fs);
        RunResult run = IosTestSupport.run(IosTestSupport.source(fs), IosTestSupport.planted(), new Sms(), new Calls());
        ModuleResult sms = run.modules().get(0);
        assertThat(sms.status()).isEqualTo(ModuleStatus.ERROR);
        assertThat(sms.error()).startsWith("private/var/mobile/Library/SMS/sms.db could not be read: ");
        assertThat(run.modules().get(1).status()).isEqualTo(ModuleStatus.OK);
        assertThat(run.modules().get(1).records()).hasSize(2);
    }

    @Test
    void notSqliteAtAllIsAClearError() {
        MemorySource src = new MemorySource("ios-fs", "t", false).put(SmsDb.PATH, "hello, not a database, but long enough to pass the size check of one hundred bytes........".getBytes());
        ModuleResult r = IosTestSupport.runOne(src, Indicators.empty(), new Sms());
        assertThat(r.status()).isEqualTo(ModuleStatus.ERROR);
        assertThat(r.error()).contains("is not a SQLite database");
    }

    @Test
    void absentDatabaseIsNotFound() {
        ModuleResult r = IosTestSupport.runOne(new MemorySource("ios-fs", "t", false), Indicators.empty(), new Sms());
        assertThat(r.status()).isEqualTo(ModuleStatus.NOT_FOUND);
        assertThat(r.error()).contains("sms.db");
    }

    @Test
    void threatNotificationWordingsAreRecognised() {
        for (String t : List.of(
                "Apple believes you are being targeted by state-sponsored attackers who are trying to remotely compromise the iPhone",
                "ALERT: Apple detected a targeted mercenary spyware attack against your iPhone.",
                "Apple detected that you are being targeted by a mercenary spyware attack")) {
            assertThat(Sms.THREAT_NOTIFICATION.matcher(t).find()).as(t).isTrue();
        }
        assertThat(Sms.THREAT_NOTIFICATION.matcher("Your Apple ID was used to sign in to iCloud on a new device").find()).isFalse();
    }
}
