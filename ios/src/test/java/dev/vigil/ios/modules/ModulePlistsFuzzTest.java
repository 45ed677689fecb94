package dev.vigil.ios.modules;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.dd.plist.NSDictionary;
import com.dd.plist.NSObject;

import java.io.IOException;

/**
 * Fuzz targets for the artifact modules' own plist helper (the one SafariBrowserState,
 * WebKit and the backup plists read through) and the typedstream decoder of SMS bodies.
 * Kept in this package because both helpers are package-private. Any input: a value, null,
 * or an IOException — never an unchecked crash.
 */
class ModulePlistsFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void modulePlist(FuzzedDataProvider data) {
        byte[] b = data.consumeRemainingAsBytes();
        try {
            NSObject o = Plists.parse(b, "fuzz.plist");
            Plists.str(o);
            NSDictionary d = Plists.dict(o);
            if (d != null) {
                for (String k : d.allKeys()) {
                    Plists.str(d, k);
                    Plists.bool(d, k);
                    Plists.unixTime(d, k);
                    Plists.array(d.get(k));
                    Plists.data(d.get(k));
                }
                Plists.domains(d, d.allKeys());
            }
            Plists.array(o);
            Plists.data(o);
        } catch (IOException expected) {
            // not a readable plist
        }
    }

    @FuzzTest(maxDuration = "10s")
    void typedstream(FuzzedDataProvider data) {
        byte[] b = data.consumeRemainingAsBytes();
        String s = Typedstream.string(b);
        if (s != null && s.length() > Typedstream.MAX_STRING) throw new IllegalStateException("string longer than the bound");
    }
}
