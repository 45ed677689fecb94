package dev.vigil.ios.modules.system;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import java.io.IOException;
import java.util.Map;

/**
 * Fuzz target for the system modules' plist reader (binary, XML, ASCII plists turned into
 * plain values with a node budget). Package-private helper, hence this package. Any input:
 * plain values or an IOException — never an unchecked crash.
 */
class SystemPlistsFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void systemPlist(FuzzedDataProvider data) {
        byte[] b = data.consumeRemainingAsBytes();
        try {
            Object o = Plists.parse(b, "fuzz.plist");
            if (o instanceof Map<?, ?> m) {
                @SuppressWarnings("unchecked")
                Map<String, Object> d = (Map<String, Object>) m;
                for (String k : d.keySet()) {
                    Plists.str(d, k);
                    Plists.num(d, k);
                    Plists.cocoaDate(d.get(k));
                    Plists.dict(d.get(k));
                    Plists.strings(d.get(k), 100, 200);
                }
            }
        } catch (IOException expected) {
            // not a readable plist
        }
    }
}
