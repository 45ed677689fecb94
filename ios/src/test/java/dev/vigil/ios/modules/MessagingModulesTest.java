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
import dev.vigil.samples.ios.artifacts.CalendarDb;
import dev.vigil.samples.ios.artifacts.CallHistoryDb;
import dev.vigil.samples.ios.artifacts.InteractionCDb;
import dev.vigil.samples.ios.artifacts.WhatsAppChatStorageDb;
import dev.vigil.samples.ios.artifacts.WhatsAppContactsDb;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** calls, contacts, calendar, interaction_c, whatsapp, whatsapp_contacts on builder output and real files. */
class MessagingModulesTest {
    private static MemorySource src(Consumer<IosFiles> plant) {
        IosFiles fs = new IosFiles();
        plant.accept(fs);
        return IosTestSupport.source(fs);
    }

    private static List<String> indicatorValues(ModuleResult r) {
        return r.alerts().stream().map(a -> a.matchedIndicator() == null ? a.level() + ":" + a.message() : a.level() + ":" + a.matchedIndicator().value()).toList();
    }

    @Test
    void calls() {
        ModuleResult r = IosTestSupport.runOne(src(CallHistoryDb::plantDemo), IosTestSupport.planted(), new Calls());
        assertThat(r.records()).extracting(x -> x.str("timestamp"), x -> x.str("address"), x -> x.str("direction"), x -> x.str("call_type"), x -> x.bool("answered"))
                .containsExactly(
                        tuple("2023-05-09T17:30:00Z", "+41795550123", "outgoing", "phone", true),
                        tuple("2023-05-12T02:39:51Z", "bekkerfredi@gmail.com", "incoming", "facetime_audio", false));
        assertThat(r.records().get(0).get("duration")).isEqualTo(312.5);
        assertThat(indicatorValues(r)).containsExactly("CRITICAL:bekkerfredi@gmail.com");
        assertThat(r.timeline().get(1).data()).isEqualTo("Call from bekkerfredi@gmail.com (facetime_audio, com.apple.FaceTime, 0.0 s, not answered)");
    }

    @Test
    void contacts() {
        ModuleResult r = IosTestSupport.runOne(src(AddressBookDb::plantDemo), IosTestSupport.planted(), new Contacts());
        assertThat(r.records()).hasSize(2);
        Record maria = r.records().get(0);
        assertThat(maria.str("first")).isEqualTo("Maria");
        assertThat(maria.strings("phone_numbers")).containsExactly("+41 79 555 01 23");
        assertThat(maria.strings("emails")).containsExactly("maria.keller@mail.example");
        assertThat(maria.str("timestamp")).isEqualTo("2021-03-02T10:00:00Z");
        assertThat(r.records().get(1).strings("urls")).containsExactly("https://md-news-direct.com/weber");
        assertThat(indicatorValues(r)).containsExactly("CRITICAL:md-news-direct.com");
    }

    @Test
    void contactsOfTheRealIos16AddressBookAreEmptyButReadWithItsWal() throws Exception {
        MemorySource s = IosTestSupport.zipSource("testdata.addressBook.addressBook.mvs_ios_2023.zip");
        ModuleResult r = IosTestSupport.runOne(s, Indicators.empty(), new Contacts());
        assertThat(r.status()).isEqualTo(ModuleStatus.OK);
        assertThat(r.records()).isEmpty();
        assertThat(r.warnings()).containsExactly("private/var/mobile/Library/AddressBook/AddressBook.sqlitedb holds no contacts (ABPerson is empty)");
        assertThat(r.artifacts()).containsExactly("private/var/mobile/Library/AddressBook/AddressBook.sqlitedb");
    }

    @Test
    void calendarFlagsTheQuaDreamPatternAndPlantedOrganizer() {
        ModuleResult r = IosTestSupport.runOne(src(CalendarDb::plantDemo), IosTestSupport.planted(), new Calendar());
        assertThat(r.records()).hasSize(3);
        Record inv = r.records().get(1);
        assertThat(inv.str("organizer_email")).isEqualTo("k.williams.enny74@gmail.com");
        assertThat(inv.strings("attendee_emails")).containsExactly("owner@icloud.example");
        assertThat(inv.str("calendar")).isEqualTo("Calendar");
        Record meeting = r.records().get(2);
        assertThat(meeting.str("summary")).isEqualTo("Meeting");
        assertThat(meeting.str("timestamp")).isEqualTo("2021-06-10T09:00:00Z");
        assertThat(meeting.str("creation_date")).isEqualTo("2023-05-16T01:12:09Z");
        assertThat(meeting.bool("dated_in_past")).isTrue();
        assertThat(r.records().get(0).bool("dated_in_past")).isFalse();
        assertThat(r.alerts()).extracting(Alert::level, Alert::message).containsExactly(
                tuple(Level.CRITICAL, "Calendar invitation organizer k.williams.enny74@gmail.com matches a known indicator of NSO Group Pegasus: k.williams.enny74@gmail.com"),
                tuple(Level.HIGH, "Calendar event \"Meeting\" with notes \"Notes\" from invite-7731@icloud.example was created on 2023-05-16T01:12:09Z "
                        + "for a date already past (2021-06-10T09:00:00Z) matches the QuaDream ENDOFDAYS invitation pattern"));
        assertThat(r.alerts().get(1).why()).contains("Citizen Lab").contains("ENDOFDAYS");
        // The backdated invitation shows as two timeline events two years apart.
        assertThat(r.timeline()).filteredOn(e -> e.data().contains("\"Meeting\""))
                .extracting(e -> e.time(), e -> e.event())
                .containsExactly(tuple("2021-06-10T09:00:00Z", "event_start"), tuple("2023-05-16T01:12:09Z", "event_created"));
    }

    @Test
    void calendarReadsAddressesKeptInIdentity() {
        CalendarDb db = new CalendarDb();
        db.event("Meeting", "Notes", java.time.Instant.parse("2021-06-10T09:00:00Z"), java.time.Instant.parse("2021-06-10T10:00:00Z"),
                java.time.Instant.parse("2023-05-16T01:12:09Z"), 2, "k.williams.enny74@gmail.com", "owner@icloud.example");
        MemorySource s = new MemorySource("ios-fs", "t", false).put(CalendarDb.PATH, db.addressesInIdentity().bytes());
        ModuleResult r = IosTestSupport.runOne(s, IosTestSupport.planted(), new Calendar());
        assertThat(r.records()).singleElement().satisfies(x -> {
            assertThat(x.str("organizer_email")).isEqualTo("k.williams.enny74@gmail.com");
            assertThat(x.strings("attendee_emails")).containsExactly("owner@icloud.example");
        });
        assertThat(r.alerts()).extracting(Alert::level).containsExactly(Level.CRITICAL, Level.HIGH);
    }

    @Test
    void interactions() {
        ModuleResult r = IosTestSupport.runOne(src(InteractionCDb::plantDemo), IosTestSupport.planted(), new InteractionC());
        assertThat(r.records()).extracting(x -> x.str("bundle_id"), x -> x.str("direction"), x -> x.str("sender"), x -> x.strings("recipients"))
                .containsExactly(
                        tuple("com.apple.MobileSMS", "outgoing", "mailto:owner@icloud.example", List.of("tel:+41795550123")),
                        tuple("com.apple.MobileSMS", "incoming", "mailto:bogaardlisa803@gmail.com", List.of("mailto:owner@icloud.example")));
        assertThat(indicatorValues(r)).containsExactly("CRITICAL:bogaardlisa803@gmail.com");
    }

    @Test
    void whatsappDemo() {
        ModuleResult r = IosTestSupport.runOne(src(WhatsAppChatStorageDb::plantDemo), IosTestSupport.planted(), new Whatsapp());
        assertThat(r.records()).hasSize(3);
        Record link = r.records().get(1);
        assertThat(link.strings("links")).containsExactly("https://coazoa.com/news/2023/05/17");
        assertThat(link.str("chat_name")).isEqualTo("Press Office");
        assertThat(link.str("container")).isEqualTo("5F2E6C1A-7B3D-4E8F-9A0B-1C2D3E4F5A6B");
        assertThat(indicatorValues(r)).containsExactly("CRITICAL:coazoa.com");
    }

    @Test
    void whatsappRealIos15ChatStorage() throws Exception {
        MemorySource s = IosTestSupport.zipSource("testdata.whatsApp.whatsAppMessages.josh_ios15_ffs.zip");
        ModuleResult r = IosTestSupport.runOne(s, Indicators.empty(), new Whatsapp());
        assertThat(r.status()).isEqualTo(ModuleStatus.OK);
        assertThat(r.records()).hasSize(32);
        Record m = r.records().stream().filter(x -> x.num("id", 0) == 12).findFirst().orElseThrow();
        assertThat(m.str("text")).isEqualTo("I’m here!");
        assertThat(m.str("direction")).isEqualTo("sent");
        assertThat(m.str("chat_name")).isEqualTo("This Is DFIR Two");
        Record media = r.records().stream().filter(x -> x.num("id", 0) == 21).findFirst().orElseThrow();
        assertThat(media.str("media_url")).startsWith("https://mmg.whatsapp.net/o1/v/t62.7118-24/");
        assertThat(media.str("media_local_path")).endsWith("d041d159-fd7d-4abb-9192-0e97c10ddb00.jpg");
        assertThat(r.records()).allSatisfy(x -> assertThat(x.strings("links")).isEmpty());
        // The media host as an indicator proves media URLs are checked.
        ModuleResult hit = IosTestSupport.runOne(s, Indicators.of(new dev.vigil.core.ioc.Indicator(dev.vigil.core.ioc.IndicatorType.DOMAIN,
                "mmg.whatsapp.net", "test", "test", null)), new Whatsapp());
        assertThat(hit.alerts()).hasSize(2);
    }

    @Test
    void whatsappContacts() {
        ModuleResult r = IosTestSupport.runOne(src(WhatsAppContactsDb::plantDemo), IosTestSupport.planted(), new WhatsappContacts());
        assertThat(r.records()).extracting(x -> x.str("full_name"), x -> x.str("whatsapp_id"))
                .containsExactly(tuple("Maria Keller", "41795550123@s.whatsapp.net"), tuple("Press Office", "41765550987@s.whatsapp.net"));
        assertThat(indicatorValues(r)).containsExactly("CRITICAL:shortenurls.me");
    }

    @Test
    void eachCorruptDatabaseFailsAloneWhileTheNextModuleGoesOn() {
        IosFiles good = new IosFiles();
        CallHistoryDb.plantDemo(good);
        AddressBookDb.plantDemo(good);
        CalendarDb.plantDemo(good);
        InteractionCDb.plantDemo(good);
        WhatsAppChatStorageDb.plantDemo(good);
        WhatsAppContactsDb.plantDemo(good);
        List<dev.vigil.core.module.ArtifactModule> modules = List.of(new Calls(), new Contacts(), new Calendar(), new InteractionC(), new Whatsapp(), new WhatsappContacts());
        List<String> paths = List.of(CallHistoryDb.PATH, AddressBookDb.PATH, CalendarDb.PATH, InteractionCDb.PATH, WhatsAppChatStorageDb.PATH, WhatsAppContactsDb.PATH);
        for (int i = 0; i < modules.size(); i++) {
            IosFiles fs = new IosFiles();
            good.entries().forEach((p, e) -> fs.put(p, e.data()));
            byte[] db = fs.get(paths.get(i));
            byte[] broken = Arrays.copyOf(db, db.length);
            Arrays.fill(broken, 100, broken.length, (byte) 0x5a); // header kept, every page garbage
            fs.put(paths.get(i), broken);
            var next = modules.get((i + 1) % modules.size());
            RunResult run = IosTestSupport.run(IosTestSupport.source(fs), Indicators.empty(), modules.get(i), next);
            assertThat(run.modules().get(0).status()).as(modules.get(i).slug()).isEqualTo(ModuleStatus.ERROR);
            assertThat(run.modules().get(0).error()).startsWith(paths.get(i) + " could not be read: ");
            assertThat(run.modules().get(1).status()).as(next.slug()).isEqualTo(ModuleStatus.OK);
            assertThat(run.modules().get(1).records()).isNotEmpty();
        }
    }

    @Test
    void wrongDatabaseAtThePathNamesTheMissingTable() {
        IosFiles fs = new IosFiles();
        fs.put(CallHistoryDb.PATH, new AddressBookDb().bytes());
        ModuleResult r = IosTestSupport.runOne(IosTestSupport.source(fs), Indicators.empty(), new Calls());
        assertThat(r.status()).isEqualTo(ModuleStatus.ERROR);
        assertThat(r.error()).isEqualTo(CallHistoryDb.PATH + " could not be read: no ZCALLRECORD table: not an iOS CallHistory.storedata");
    }
}
