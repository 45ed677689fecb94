package dev.vigil.ios.modules;

import dev.vigil.core.evidence.MemorySource;
import dev.vigil.core.ioc.Indicators;
import dev.vigil.core.model.Alert;
import dev.vigil.core.model.Level;
import dev.vigil.core.model.ModuleResult;
import dev.vigil.core.model.ModuleStatus;
import dev.vigil.core.model.Record;
import dev.vigil.samples.ios.IosFiles;
import dev.vigil.samples.ios.artifacts.AddressBookDb;
import dev.vigil.samples.ios.artifacts.SmsDb;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class SmsAttachmentsTest {
    private static IosFiles demo(boolean withContacts) {
        IosFiles fs = new IosFiles();
        SmsDb.plantDemo(fs);
        if (withContacts) AddressBookDb.plantDemo(fs);
        return fs;
    }

    @Test
    void recordsCarryTheDatabaseFieldsAndTheFileMagic() {
        ModuleResult r = IosTestSupport.runOne(IosTestSupport.source(demo(true)), Indicators.empty(), new SmsAttachments());
        assertThat(r.status()).isEqualTo(ModuleStatus.OK);
        assertThat(r.records()).hasSize(3);
        Record gif = r.records().get(0);
        assertThat(gif.str("timestamp")).isEqualTo("2023-05-12T02:41:07Z");
        assertThat(gif.str("transfer_name")).isEqualTo("image1.gif");
        assertThat(gif.str("mime_type")).isEqualTo("image/gif");
        assertThat(gif.str("handle")).isEqualTo("bogaardlisa803@gmail.com");
        assertThat(gif.str("direction")).isEqualTo("received");
        assertThat(gif.get("file_present")).isEqualTo(true);
        assertThat(gif.str("file_type")).isEqualTo("pdf");
        assertThat(gif.str("file_head")).startsWith("255044462d312e33"); // "%PDF-1.3"
        assertThat(gif.str("file_path")).isEqualTo(SmsDb.onPhone(SmsDb.FAKE_GIF));
        assertThat(gif.get("sender_in_contacts")).isEqualTo(false);
        Record pass = r.records().get(1);
        assertThat(pass.str("file_type")).isEqualTo("zip");
        assertThat(pass.get("total_bytes")).isEqualTo(5120L);
        Record photo = r.records().get(2);
        assertThat(photo.str("file_type")).isEqualTo("jpeg");
        assertThat(photo.get("sender_in_contacts")).isEqualTo(true); // "+41 79 555 01 23" in the address book
        assertThat(r.artifacts()).containsExactly(SmsDb.PATH, AddressBookDb.PATH);
    }

    @Test
    void forcedEntryShapeAndBlastPassShapeAlert() {
        ModuleResult r = IosTestSupport.runOne(IosTestSupport.source(demo(true)), IosTestSupport.planted(), new SmsAttachments());
        assertThat(r.alerts()).extracting(Alert::level, Alert::message).containsExactly(
                tuple(Level.CRITICAL, "Attachment sender bogaardlisa803@gmail.com matches a known indicator of NSO Group Pegasus: bogaardlisa803@gmail.com"),
                tuple(Level.HIGH, "Attachment \"image1.gif\" is named as GIF but is a PDF according to its first bytes (255044462d312e330a25e2e3cfd30a312030206f626a0a3c3c202f5479706520)"),
                tuple(Level.HIGH, "PassKit attachment \"Boarding.pkpass\" received from +447700900123, who is not in the address book"));
        assertThat(r.alerts().get(1).why()).contains("FORCEDENTRY");
        assertThat(r.alerts().get(2).why()).contains("BLASTPASS");
        assertThat(r.alerts().get(2).caveat()).contains("does not prove");
    }

    @Test
    void realEmptyIos16AddressBookMakesEverySenderUnknown() throws Exception {
        MemorySource src = IosTestSupport.zipSource("testdata.addressBook.addressBook.mvs_ios_2023.zip");
        IosFiles fs = new IosFiles();
        SmsDb.plantDemo(fs);
        fs.entries().forEach((p, e) -> src.put(p, e.data()));
        ModuleResult r = IosTestSupport.runOne(src, Indicators.empty(), new SmsAttachments());
        assertThat(r.records()).extracting(x -> x.get("sender_in_contacts")).containsExactly(false, false, false);
        assertThat(r.alerts()).extracting(Alert::level).containsExactly(Level.HIGH, Level.HIGH);
        assertThat(r.warnings()).isEmpty();
    }

    @Test
    void withoutAddressBookPassKitIsOnlyMedium() {
        ModuleResult r = IosTestSupport.runOne(IosTestSupport.source(demo(false)), Indicators.empty(), new SmsAttachments());
        assertThat(r.alerts()).extracting(Alert::level).containsExactly(Level.HIGH, Level.MEDIUM);
        assertThat(r.alerts().get(1).message()).contains("address book was not available");
    }

    @Test
    void declaredTypeIsUsedWhenTheFileIsAbsent() {
        SmsDb db = new SmsDb(SmsDb.Version.IOS_14);
        long h = db.handle("x@y.example", "iMessage");
        long m = db.message(h, false, Instant.parse("2021-03-01T00:00:00Z"), null, false, "iMessage");
        db.attachment(m, Instant.parse("2021-03-01T00:00:00Z"), "/var/mobile/Library/SMS/Attachments/aa/00/X/doc.gif", "doc.gif", "application/pdf", "com.adobe.pdf", 1000, false);
        long ok = db.message(h, false, Instant.parse("2021-03-01T00:01:00Z"), null, false, "iMessage");
        db.attachment(ok, Instant.parse("2021-03-01T00:01:00Z"), "~/Library/SMS/Attachments/aa/01/Y/cat.jpeg", "cat.jpeg", "image/jpeg", "public.jpeg", 1000, false);
        MemorySource src = new MemorySource("ios-backup", "t", false).put(SmsDb.PATH, db.bytes());
        ModuleResult r = IosTestSupport.runOne(src, Indicators.empty(), new SmsAttachments());
        assertThat(r.records()).hasSize(2);
        assertThat(r.records().get(0).str("file_path")).isEqualTo("private/var/mobile/Library/SMS/Attachments/aa/00/X/doc.gif");
        assertThat(r.records().get(0).get("file_present")).isEqualTo(false);
        assertThat(r.alerts()).singleElement().satisfies(a -> {
            assertThat(a.level()).isEqualTo(Level.HIGH);
            assertThat(a.message()).isEqualTo("Attachment \"doc.gif\" is named as GIF but is a PDF according to its declared type "
                    + "(mime_type application/pdf, uti com.adobe.pdf; the file itself is not in the evidence)");
        });
        assertThat(r.warnings()).containsExactly("2 attachment file(s) named in sms.db are not in the evidence; their declared types were used");
    }

    @Test
    void unrecognisedBytesFallBackToTheDeclaredType() {
        SmsDb db = new SmsDb(SmsDb.Version.IOS_17);
        long h = db.handle("x@y.example", "iMessage");
        long m = db.message(h, false, Instant.parse("2021-03-01T00:00:00Z"), null, false, "iMessage");
        db.attachment(m, Instant.parse("2021-03-01T00:00:00Z"), "~/Library/SMS/Attachments/aa/00/X/a.gif", "a.gif", "application/pdf", "com.adobe.pdf", 8, false);
        MemorySource src = new MemorySource("ios-fs", "t", false).put(SmsDb.PATH, db.bytes())
                .put("private/var/mobile/Library/SMS/Attachments/aa/00/X/a.gif", new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        ModuleResult r = IosTestSupport.runOne(src, Indicators.empty(), new SmsAttachments());
        assertThat(r.records().get(0).str("file_type")).isEqualTo("unknown");
        assertThat(r.records().get(0).str("file_head")).isEqualTo("0102030405060708");
        assertThat(r.alerts()).singleElement().satisfies(a -> assertThat(a.message()).endsWith("the file's first bytes match no known type)"));
    }

    @Test
    void attachmentsStagedInVarTmpAreFlagged() {
        SmsDb db = new SmsDb(SmsDb.Version.IOS_14);
        long h = db.handle("x@y.example", "iMessage");
        long m = db.message(h, false, Instant.parse("2021-03-01T00:00:00Z"), null, false, "iMessage");
        db.attachment(m, Instant.parse("2021-03-01T00:00:00Z"), "/var/tmp/com.apple.messages/ABCD/att-1", "att", null, null, 1000, false);
        long sent = db.message(h, true, Instant.parse("2021-03-01T00:01:00Z"), null, false, "iMessage");
        db.attachment(sent, Instant.parse("2021-03-01T00:01:00Z"), "/var/tmp/com.apple.messages/EFGH/out-1", "out", null, null, 1000, true);
        ModuleResult r = IosTestSupport.runOne(new MemorySource("ios-fs", "t", false).put(SmsDb.PATH, db.bytes()), Indicators.empty(), new SmsAttachments());
        assertThat(r.records()).hasSize(2);
        assertThat(r.records().get(0).get("has_user_info")).isEqualTo(false);
        assertThat(r.alerts()).singleElement().satisfies(a -> {
            assertThat(a.level()).isEqualTo(Level.MEDIUM);
            assertThat(a.message()).isEqualTo("Received attachment stored as /var/tmp/com.apple.messages/ABCD/att-1 (a temporary folder, name ending in \"-1\")");
        });
    }

    @Test
    void largeVideosAreNotSniffed() {
        assertThat(SmsAttachments.worthSniffing("clip.MOV", 200L << 20)).isFalse();
        assertThat(SmsAttachments.worthSniffing("clip.mov", 1 << 20)).isTrue();
        assertThat(SmsAttachments.worthSniffing("image.gif", 200L << 20)).isTrue();
        assertThat(SmsAttachments.worthSniffing("noextension", 200L << 20)).isTrue();
    }

    @Test
    void hostileFileNamesAreNotFollowed() {
        assertThat(SmsAttachments.logicalPath("~/Library/SMS/../../../etc/passwd")).isNull();
        assertThat(SmsAttachments.logicalPath("/etc/passwd")).isNull();
        assertThat(SmsAttachments.logicalPath("~/Library/SMS/Attachments/**")).isNull();
        assertThat(SmsAttachments.logicalPath("/private/var/tmp/a.gif")).isEqualTo("private/var/tmp/a.gif");
    }

    @Test
    void fileMagicKnowsTheFormatsThatMatter() {
        assertThat(FileMagic.detect("GIF89a....".getBytes())).isEqualTo("gif");
        assertThat(FileMagic.detect(new byte[] {(byte) 0x97, 'J', 'B', '2', 0x0d, 0x0a, 0x1a, 0x0a})).isEqualTo("jbig2");
        assertThat(FileMagic.detect("8BPS\0\1".getBytes())).isEqualTo("psd");
        assertThat(FileMagic.detect("\0\0\0\u0018ftypheic\0\0\0\0".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1))).isEqualTo("heif");
        assertThat(FileMagic.detect("RIFF\0\0\0\0WEBPVP8 ".getBytes())).isEqualTo("webp");
        assertThat(FileMagic.detect(new byte[] {1, 2})).isEqualTo("unknown");
        assertThat(FileMagic.fromName("x.JPG")).isEqualTo("jpeg");
        assertThat(FileMagic.fromName("noext")).isNull();
    }
}
