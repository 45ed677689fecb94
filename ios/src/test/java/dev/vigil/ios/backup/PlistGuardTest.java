package dev.vigil.ios.backup;

import com.dd.plist.NSArray;
import com.dd.plist.NSDictionary;
import com.dd.plist.NSString;
import com.dd.plist.BinaryPropertyListWriter;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Objects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Fuzzing finding (IosFuzzTest#keyedArchive, OutOfMemoryError): a 312-byte MBFile keyed
 * archive whose nested array declares ~2 billion entries made dd-plist allocate the array
 * before reading it. {@link PlistGuard} refuses such counts before dd-plist runs.
 */
class PlistGuardTest {

    static byte[] resource(String name) throws IOException {
        try (InputStream in = Objects.requireNonNull(PlistGuardTest.class.getResourceAsStream(name), name)) {
            return in.readAllBytes();
        }
    }

    @Test
    void arrayClaimingTwoBillionEntriesIsRefusedBeforeAllocation() throws Exception {
        byte[] b = resource("mbfile-array-claims-2g-entries.bplist");
        assertThat(b.length).isLessThan(1024);
        assertThatThrownBy(() -> PlistGuard.check(b)).isInstanceOf(IOException.class).hasMessageContaining("binary property list object at");
        assertThatThrownBy(() -> KeyedArchive.decode(b)).isInstanceOf(KeyedArchive.FormatException.class);
        assertThatThrownBy(() -> MBFile.decode(b)).isInstanceOf(KeyedArchive.FormatException.class);
        assertThatThrownBy(() -> Plists.parse(b, "Manifest.db record")).isInstanceOf(IOException.class)
                .hasMessageContaining("Manifest.db record");
    }

    @Test
    void trailerClaimingMoreObjectsThanTheFileIsRefused() throws Exception {
        byte[] ok = BinaryPropertyListWriter.writeToArray(new NSArray(new NSString("a")));
        byte[] b = ok.clone();
        ByteBuffer.wrap(b).putLong(b.length - 24, 4_000_000_000L);
        assertThatThrownBy(() -> PlistGuard.check(b)).isInstanceOf(IOException.class).hasMessageContaining("4000000000 objects");
    }

    @Test
    void realPlistsPass() throws Exception {
        NSDictionary d = new NSDictionary();
        d.put("name", "x".repeat(100));
        d.put("list", new NSArray(new NSString("a"), new NSString("\u00e9t\u00e9"), new NSString("b".repeat(20))));
        d.put("data", new com.dd.plist.NSData(new byte[300]));
        byte[] b = BinaryPropertyListWriter.writeToArray(d);
        PlistGuard.check(b);
        assertThat(PlistGuard.parse(b)).isEqualTo(d);
        for (String seed : new String[] {"/dev/vigil/ios/fuzz/IosFuzzTestInputs/keyedArchive/mbfile-file",
                "/dev/vigil/ios/fuzz/IosFuzzTestInputs/keyedArchive/mbfile-dir",
                "/dev/vigil/ios/fuzz/IosFuzzTestInputs/plist/Status.plist"}) {
            byte[] s = resource(seed);
            PlistGuard.check(s);
            assertThat(PlistGuard.parse(s)).isNotNull();
        }
        assertThat(MBFile.decode(resource("/dev/vigil/ios/fuzz/IosFuzzTestInputs/keyedArchive/mbfile-file")).size()).isGreaterThanOrEqualTo(0);
    }
}
