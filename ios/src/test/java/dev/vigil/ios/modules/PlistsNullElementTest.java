package dev.vigil.ios.modules;

import com.dd.plist.NSArray;
import com.dd.plist.NSDictionary;
import com.dd.plist.NSObject;
import com.dd.plist.NSString;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.util.Objects;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzing finding (ModulePlistsFuzzTest#modulePlist, NullPointerException): dd-plist leaves a
 * null element in an NSArray for a binary "null" object, and Plists.array copied it with
 * List.of, which throws. SafariBrowserState (SessionHistoryEntries) and
 * WebkitSessionResourceLog (browsingStatistics) iterate such arrays from evidence.
 */
class PlistsNullElementTest {

    @Test
    void arrayWithANullElementSkipsIt() throws Exception {
        NSArray a = new NSArray(3);
        a.setValue(0, new NSString("a"));
        a.setValue(2, new NSString("b"));
        assertThat(Plists.array(a)).extracting(Plists::str).containsExactly("a", "b");
        NSDictionary d = new NSDictionary();
        d.put("topFrameUniqueRedirectsTo", a);
        assertThat(Plists.domains(d, "topFrameUniqueRedirectsTo")).containsExactly("a", "b");
    }

    @Test
    void theFuzzInputParsesWithoutAnUncheckedError() throws Exception {
        byte[] b;
        try (InputStream in = Objects.requireNonNull(getClass().getResourceAsStream(
                "ModulePlistsFuzzTestInputs/modulePlist/crash-array-with-null-element-npe"))) {
            b = in.readAllBytes();
        }
        try {
            NSObject o = Plists.parse(b, "fuzz.plist");
            Plists.array(o);
            NSDictionary d = Plists.dict(o);
            if (d != null) for (String k : d.allKeys()) Plists.array(d.get(k));
        } catch (java.io.IOException expected) {
            assertThat(expected.getMessage()).contains("fuzz.plist");
        }
    }
}
