package dev.vigil.android.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.vigil.android.apk.ApkSigning;
import dev.vigil.android.backup.AdbBackup;
import dev.vigil.android.dumpsys.Dumpsys;
import dev.vigil.android.modules.ProtoReader;
import dev.vigil.core.evidence.EvidenceFile;
import dev.vigil.core.run.EvidenceException;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * Fuzz targets for the Android binary parsers: adb backup (.ab) headers and their tar payload,
 * dumpsys/dumpstate section splitting, protobuf (tombstones), the APK Signing Block and v1
 * PKCS#7 signatures. Any input: a result or a checked, named error (IOException,
 * EvidenceException) — never an unchecked crash or a hang.
 */
class AndroidFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void adbBackup(FuzzedDataProvider data) {
        byte[] b = data.consumeRemainingAsBytes();
        // No password: an encrypted header is parsed up to the key derivation and refused
        // (deriving a key with up to 5,000,000 PBKDF2 rounds per input would only slow fuzzing).
        try {
            AdbBackup.Contents c = AdbBackup.read(new ByteArrayInputStream(b), "fuzz.ab", () -> null);
            for (EvidenceFile f : c.files().find("**")) {
                if (f.path().startsWith("/") || f.path().contains("..")) {
                    if (f.path().equals("..") || f.path().startsWith("../") || f.path().contains("/../")) {
                        throw new IllegalStateException("entry escapes the backup: " + f.path());
                    }
                }
                try (InputStream in = c.files().open(f)) {
                    in.readAllBytes();
                }
            }
        } catch (IOException | EvidenceException expected) {
            // not a backup, unsupported, truncated or corrupt: one clear error
        }
    }

    @FuzzTest(maxDuration = "10s")
    void dumpsys(FuzzedDataProvider data) {
        byte[] b = data.consumeRemainingAsBytes();
        try {
            Dumpsys.Dump d = Dumpsys.split("dumpsys.txt", new ByteArrayInputStream(b), Dumpsys.WANTED);
            for (String name : d.sections().keySet()) d.section(name);
        } catch (IOException expected) {
            // unreadable
        }
    }

    @FuzzTest(maxDuration = "10s")
    void protobuf(FuzzedDataProvider data) {
        byte[] b = data.consumeRemainingAsBytes();
        try {
            walk(ProtoReader.parse(b), 0);
        } catch (IOException expected) {
            // malformed message
        }
    }

    private static void walk(List<ProtoReader.Field> fields, int depth) throws IOException {
        for (ProtoReader.Field f : fields) {
            if (f.wireType() == 2) {
                f.string();
                try {
                    walk(f.message(depth), depth + 1);
                } catch (IOException notAMessage) {
                    // a string or bytes field, not a nested message
                }
            }
        }
    }

    @FuzzTest(maxDuration = "10s")
    void apkSigningBlock(FuzzedDataProvider data) {
        byte[] b = data.consumeRemainingAsBytes();
        try {
            for (ApkSigning.Signer s : ApkSigning.signingBlock(new SeekableInMemoryByteChannel(b))) s.sha256();
        } catch (IOException expected) {
            // not an APK / malformed block
        }
        try {
            ApkSigning.jarSignature(b);
        } catch (IOException expected) {
            // unreadable PKCS#7
        }
    }
}
