package dev.vigil.ios.modules.system;

import com.dd.plist.NSDictionary;
import dev.vigil.core.model.Level;
import dev.vigil.core.model.ModuleResult;
import dev.vigil.core.model.ModuleStatus;
import dev.vigil.core.model.Record;
import dev.vigil.core.model.RunResult;
import dev.vigil.samples.ios.IosFiles;
import dev.vigil.samples.ios.system.IdStatusCacheBuilder;
import dev.vigil.samples.ios.system.LocationdClientsBuilder;
import dev.vigil.samples.ios.system.OsAnalyticsAdDailyBuilder;
import dev.vigil.samples.ios.system.PlistFile;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PlistModulesTest {
    private static IosFiles demo() {
        IosFiles fs = new IosFiles();
        IdStatusCacheBuilder.plantDemo(fs);
        LocationdClientsBuilder.plantDemo(fs);
        OsAnalyticsAdDailyBuilder.plantDemo(fs);
        return fs;
    }

    @Test
    void idStatusCacheRecordsAndPegasusEmail() throws Exception {
        IosFiles fs = demo();
        ModuleResult r = TestSupport.runOne(TestSupport.source("ios-backup").put(IdStatusCacheBuilder.PATH, fs.get(IdStatusCacheBuilder.PATH)),
                TestSupport.pegasus(), new IdStatusCache());
        assertThat(r.status()).isEqualTo(ModuleStatus.OK);
        assertThat(r.records()).hasSize(4);
        Record third = r.records().get(2);
        assertThat(third.fields()).containsEntry("timestamp", "2023-05-20T08:29:00Z").containsEntry("service", "com.apple.madrid")
                .containsEntry("handle", "mailto:bekkerfredi@gmail.com").containsEntry("user", "bekkerfredi@gmail.com")
                .containsEntry("handle_type", "email").containsEntry("id_status", 1L);
        assertThat(r.records().get(1).str("handle_type")).isEqualTo("phone");
        assertThat(r.records().get(1).str("user")).isEqualTo("+442071234567");
        assertThat(r.alerts()).singleElement().satisfies(a -> {
            assertThat(a.level()).isEqualTo(Level.CRITICAL);
            assertThat(a.message()).isEqualTo("iMessage/FaceTime lookup of bekkerfredi@gmail.com (com.apple.madrid) matches a known indicator of NSO Group Pegasus: bekkerfredi@gmail.com");
            assertThat(a.caveat()).contains("not that an exploit succeeded");
        });
    }

    @Test
    void idStatusCacheIos15WithRealDatesInXml() throws Exception {
        byte[] bin = new IdStatusCacheBuilder(true).handle("com.apple.madrid", "mailto:x@example.org", 2, Instant.parse("2022-03-04T05:06:07Z")).build();
        byte[] xml = PlistFile.xml(com.dd.plist.PropertyListParser.parse(bin));
        ModuleResult r = TestSupport.runOne(TestSupport.source("ios-fs").put(IdStatusCacheBuilder.PATH_IOS15, xml), TestSupport.pegasus(), new IdStatusCache());
        assertThat(r.records()).singleElement().satisfies(x -> {
            assertThat(x.str("timestamp")).isEqualTo("2022-03-04T05:06:07Z");
            assertThat(x.num("id_status", 0)).isEqualTo(2);
        });
        assertThat(r.alerts()).isEmpty();
    }

    @Test
    @SuppressWarnings("unchecked")
    void locationdClientsRecordsAndPegasusExecutable() throws Exception {
        IosFiles fs = demo();
        ModuleResult r = TestSupport.runOne(TestSupport.source("ios-fs").put(LocationdClientsBuilder.ROOT_PATH, fs.get(LocationdClientsBuilder.ROOT_PATH)),
                TestSupport.pegasus(), new LocationdClients());
        assertThat(r.records()).hasSize(3);
        Record maps = r.records().get(0);
        assertThat(maps.fields()).containsEntry("client", "com.apple.Maps").containsEntry("bundle_id", "com.apple.Maps")
                .containsEntry("executable", "/Applications/Maps.app/Maps").containsEntry("authorization", 4L)
                .containsEntry("whitelisted", false).containsEntry("timestamp", "2023-05-30T17:00:00Z");
        Record bundle = r.records().get(1);
        assertThat(bundle.str("bundle_path")).isEqualTo("/System/Library/LocationBundles/TimeZone.bundle");
        Record spy = r.records().get(2);
        assertThat(spy.str("timestamp")).isEqualTo("2023-05-20T08:32:05Z");
        assertThat((Map<String, Object>) spy.get("timestamps")).containsEntry("LocationTimeStopped", "2023-05-20T08:32:00Z")
                .containsEntry("ReceivingLocationInformationTimeStopped", "2023-05-20T08:32:05Z");
        assertThat(r.alerts()).singleElement().satisfies(a -> {
            assertThat(a.matchedIndicator().value()).isEqualTo("locserviced");
            assertThat(a.message()).startsWith("Location client executable /private/var/db/com.apple.xpc.roleaccountd.staging/locserviced matches");
        });
        assertThat(r.timeline()).hasSize(4);
    }

    @Test
    void osanalyticsRecordsAndPegasusProcess() throws Exception {
        IosFiles fs = demo();
        ModuleResult r = TestSupport.runOne(TestSupport.source("ios-backup").put(OsAnalyticsAdDailyBuilder.PATH, fs.get(OsAnalyticsAdDailyBuilder.PATH)),
                TestSupport.pegasus(), new OsAnalyticsAdDaily());
        assertThat(r.records()).hasSize(3);
        assertThat(r.records().get(2).fields()).containsEntry("package", "msgacntd").containsEntry("timestamp", "2023-05-20T08:33:30Z")
                .containsEntry("wifi_in", 1_200_000L).containsEntry("wifi_out", 25_000_000L).containsEntry("wwan_in", 0L).containsEntry("wwan_out", 0L);
        assertThat(r.alerts()).singleElement().satisfies(a ->
                assertThat(a.message()).isEqualTo("Process msgacntd in the daily network baseline matches a known indicator of NSO Group Pegasus: msgacntd"));
    }

    @Test
    void truncatedPlistFailsAloneAndOthersGoOn() throws Exception {
        IosFiles fs = demo();
        byte[] trunc = Arrays.copyOf(fs.get(LocationdClientsBuilder.ROOT_PATH), 60);
        var src = TestSupport.source("ios-backup").put(LocationdClientsBuilder.PATH, trunc)
                .put(OsAnalyticsAdDailyBuilder.PATH, fs.get(OsAnalyticsAdDailyBuilder.PATH));
        RunResult run = TestSupport.run(src, TestSupport.pegasus(), List.of(new LocationdClients(), new OsAnalyticsAdDaily()), List.of());
        assertThat(run.modules().get(0).status()).isEqualTo(ModuleStatus.ERROR);
        assertThat(run.modules().get(0).error()).contains("clients.plist").contains("not a readable property list");
        assertThat(run.modules().get(1).status()).isEqualTo(ModuleStatus.OK);
        assertThat(run.modules().get(1).records()).hasSize(3);
    }

    private static String assertPlistError(byte[] plist) throws Exception {
        try {
            Plists.parse(plist, "test.plist");
        } catch (java.io.IOException e) {
            return e.getMessage();
        }
        throw new AssertionError("hostile plist accepted");
    }

    /** bplist00 with object 0 = array [object 0]. */
    static byte[] cyclic() {
        java.io.ByteArrayOutputStream o = new java.io.ByteArrayOutputStream();
        o.writeBytes("bplist00".getBytes(StandardCharsets.US_ASCII));
        o.writeBytes(new byte[] {(byte) 0xA1, 0x00}); // offset 8: array of one ref -> object 0
        o.write(8); // offset table at 10
        byte[] trailer = new byte[32];
        trailer[6] = 1; // offset int size
        trailer[7] = 1; // object ref size
        trailer[15] = 1; // number of objects
        trailer[31] = 10; // offset table offset
        o.writeBytes(trailer);
        return o.toByteArray();
    }

    /** bplist00 with n arrays, array i = [i+1, i+1], the last one empty: 2^n values when expanded. */
    static byte[] exponential(int n) {
        java.io.ByteArrayOutputStream o = new java.io.ByteArrayOutputStream();
        o.writeBytes("bplist00".getBytes(StandardCharsets.US_ASCII));
        int[] offsets = new int[n + 1];
        for (int i = 0; i < n; i++) {
            offsets[i] = o.size();
            o.writeBytes(new byte[] {(byte) 0xA2, (byte) (i + 1), (byte) (i + 1)});
        }
        offsets[n] = o.size();
        o.write(0xA0);
        int table = o.size();
        for (int off : offsets) {
            o.write(off >> 8);
            o.write(off & 0xff);
        }
        byte[] trailer = new byte[32];
        trailer[6] = 2;
        trailer[7] = 1;
        trailer[15] = (byte) (n + 1);
        trailer[30] = (byte) (table >> 8);
        trailer[31] = (byte) (table & 0xff);
        o.writeBytes(trailer);
        return o.toByteArray();
    }

    @Test
    void hostilePlistsAreRefused() throws Exception {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE plist [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><plist><dict><key>a</key><string>&x;</string></dict></plist>";
        ModuleResult r = TestSupport.runOne(TestSupport.source("ios-fs").put(IdStatusCacheBuilder.PATH, xxe.getBytes(StandardCharsets.UTF_8)),
                TestSupport.pegasus(), new IdStatusCache());
        assertThat(r.status()).isEqualTo(ModuleStatus.ERROR);
        assertThat(r.error()).contains("entities");

        StringBuilder deep = new StringBuilder("<plist><dict><key>a</key>");
        for (int i = 0; i < 400; i++) deep.append("<array>");
        for (int i = 0; i < 400; i++) deep.append("</array>");
        deep.append("</dict></plist>");
        ModuleResult d = TestSupport.runOne(TestSupport.source("ios-fs").put(OsAnalyticsAdDailyBuilder.PATH, deep.toString().getBytes(StandardCharsets.UTF_8)),
                TestSupport.pegasus(), new OsAnalyticsAdDaily());
        assertThat(d.status()).isEqualTo(ModuleStatus.ERROR);
        assertThat(d.error()).contains("not a readable property list").contains("depth");
        // the same nesting in a binary plist is stopped by Vigil's own depth limit
        com.dd.plist.NSObject nested = new com.dd.plist.NSString("x");
        for (int i = 0; i < 400; i++) nested = new com.dd.plist.NSArray(nested);
        NSDictionary deepRoot = new NSDictionary();
        deepRoot.put("netUsageBaseline", nested);
        ModuleResult db = TestSupport.runOne(TestSupport.source("ios-fs").put(OsAnalyticsAdDailyBuilder.PATH, PlistFile.binary(deepRoot)),
                TestSupport.pegasus(), new OsAnalyticsAdDaily());
        assertThat(db.status()).isEqualTo(ModuleStatus.ERROR);
        assertThat(db.error()).contains("nesting deeper than 256");

        ModuleResult notDict = TestSupport.runOne(TestSupport.source("ios-fs").put(OsAnalyticsAdDailyBuilder.PATH,
                PlistFile.binary(new com.dd.plist.NSArray(new com.dd.plist.NSString("x")))), TestSupport.pegasus(), new OsAnalyticsAdDaily());
        assertThat(notDict.error()).contains("top level is not a dictionary");

        // a binary plist whose array contains itself, and one whose arrays double at each level
        assertThat(assertPlistError(cyclic())).contains("not a readable property list");
        assertThat(assertPlistError(exponential(40))).containsAnyOf("more than 1000000 values", "not a readable property list");

        NSDictionary odd = new NSDictionary();
        odd.put("com.apple.madrid", "not a dict");
        ModuleResult w = TestSupport.runOne(TestSupport.source("ios-fs").put(IdStatusCacheBuilder.PATH, PlistFile.binary(odd)), TestSupport.pegasus(), new IdStatusCache());
        assertThat(w.status()).isEqualTo(ModuleStatus.OK);
        assertThat(w.records()).isEmpty();
        assertThat(w.warnings()).anyMatch(x -> x.contains("not a dictionary"));
    }
}
