package dev.vigil.android.modules;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import java.io.IOException;

/**
 * Fuzz targets for tombstone parsing, protobuf (Android 12+) and text; package-private
 * entry points, hence this package. Any input: a record or an IOException naming the problem.
 */
class TombstonesFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void tombstoneProtobuf(FuzzedDataProvider data) {
        try {
            Tombstones.protobuf(data.consumeRemainingAsBytes());
        } catch (IOException expected) {
            // not a tombstone protobuf
        }
    }

    @FuzzTest(maxDuration = "10s")
    void tombstoneText(FuzzedDataProvider data) {
        try {
            Tombstones.text(data.consumeRemainingAsString());
        } catch (IOException expected) {
            // not a tombstone
        }
    }
}
