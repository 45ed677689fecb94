package dev.vigil.ios.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.dd.plist.NSObject;
import dev.vigil.ios.backup.AesKeyWrap;
import dev.vigil.ios.backup.KeyedArchive;
import dev.vigil.ios.backup.Keybag;
import dev.vigil.ios.backup.MBFile;
import dev.vigil.ios.backup.Plists;
import dev.vigil.ios.sysdiagnose.ShutdownLogParser;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;

/**
 * Fuzz targets for the iOS binary parsers: property lists (binary and XML) as the backup code
 * reads them, NSKeyedArchiver decoding, MBFile records, the backup keybag, shutdown.log.
 * Any input: a result or a checked, named error (IOException, KeyedArchive.FormatException,
 * AesKeyWrap.IntegrityException; the keybag parser documents IllegalArgumentException as its
 * one clear error) — never an unchecked crash or a hang.
 */
class IosFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void plist(FuzzedDataProvider data) {
        byte[] b = data.consumeRemainingAsBytes();
        try {
            NSObject o = Plists.parse(b, "fuzz.plist");
            Plists.json(o);
        } catch (IOException expected) {
            // not a readable plist: named
        }
    }

    @FuzzTest(maxDuration = "10s")
    void keyedArchive(FuzzedDataProvider data) {
        byte[] b = data.consumeRemainingAsBytes();
        try {
            KeyedArchive.decode(b);
        } catch (KeyedArchive.FormatException expected) {
            // malformed archive
        }
        try {
            MBFile f = MBFile.decode(b);
            f.keyClass();
            f.wrappedKey();
            f.isDirectory();
            f.isSymlink();
        } catch (KeyedArchive.FormatException expected) {
            // malformed record
        }
    }

    @FuzzTest(maxDuration = "10s")
    void keybag(FuzzedDataProvider data) {
        byte[] key = data.consumeBytes(32);
        byte[] b = data.consumeRemainingAsBytes();
        Keybag kb;
        try {
            kb = Keybag.parse(b);
        } catch (IllegalArgumentException expected) {
            return; // the keybag parser's one clear error
        }
        kb.version();
        kb.type();
        kb.uuid();
        kb.iterations();
        kb.dpIterations();
        kb.salt();
        kb.dpSalt();
        kb.classes();
        if (key.length != 32) key = Arrays.copyOf(key, 32);
        try {
            kb.unlock(key);
        } catch (AesKeyWrap.IntegrityException expected) {
            // wrong key or malformed wrapped key
        }
    }

    @FuzzTest(maxDuration = "10s")
    void shutdownLog(FuzzedDataProvider data) {
        byte[] b = data.consumeRemainingAsBytes();
        try {
            ShutdownLogParser.Result r = ShutdownLogParser.parse(new ByteArrayInputStream(b));
            if (r.shutdowns() == null) throw new IllegalStateException("null result");
        } catch (IOException expected) {
            // unreadable
        }
    }
}
