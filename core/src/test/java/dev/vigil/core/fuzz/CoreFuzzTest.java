package dev.vigil.core.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.vigil.core.evidence.Sqlite;
import dev.vigil.core.evidence.ZipSource;
import dev.vigil.core.ioc.Indicator;
import dev.vigil.core.ioc.IndicatorType;
import dev.vigil.core.ioc.Indicators;

import java.io.IOException;
import java.sql.SQLException;

/**
 * Fuzz targets for core parsers. In a normal test run they replay their saved corpus
 * (src/test/resources/dev/vigil/core/fuzz/CoreFuzzTestInputs/&lt;method&gt;/); with
 * JAZZER_FUZZ=1 they fuzz (see scripts/fuzz.sh). Any crash found is saved there as a
 * regression input.
 */
class CoreFuzzTest {
    private static final Indicators IOCS = Indicators.of(
            new Indicator(IndicatorType.DOMAIN, "evil.com", "t", "t", null),
            new Indicator(IndicatorType.DOMAIN, "xn--80ak6aa92e.com", "t", "t", null),
            new Indicator(IndicatorType.URL, "https://bad.org/x", "t", "t", null),
            new Indicator(IndicatorType.IPV4, "1.2.3.4", "t", "t", null),
            new Indicator(IndicatorType.FILE_PATH, "/private/var/db/x/", "t", "t", null),
            new Indicator(IndicatorType.PROCESS, "averylongprocessname", "t", "t", null));

    @FuzzTest(maxDuration = "10s")
    void matcherNeverThrows(FuzzedDataProvider data) {
        String s = data.consumeRemainingAsString();
        IOCS.url(s);
        IOCS.domain(s);
        IOCS.urlsInText(s);
        IOCS.ip(s);
        IOCS.filePath(s);
        IOCS.process(s);
        IOCS.hash(s);
        IOCS.certHash(s);
    }

    @FuzzTest(maxDuration = "10s")
    void sqliteFromHostileBytes(FuzzedDataProvider data) {
        byte[] wal = data.consumeBytes(data.consumeInt(0, 8192));
        byte[] db = data.consumeRemainingAsBytes();
        try (Sqlite s = Sqlite.fromBytes(db, wal.length == 0 ? null : wal, "fuzz.db")) {
            s.query("SELECT name, type FROM sqlite_master", rs -> rs.getString(1));
        } catch (SQLException | IOException expected) {
            // a clear error is the right answer to a corrupt database
        }
    }

    @FuzzTest(maxDuration = "10s")
    void archiveNamesStayInside(FuzzedDataProvider data) {
        String name = data.consumeRemainingAsString();
        String safe = ZipSource.safeName(name);
        if (safe != null && (safe.startsWith("/") || safe.equals("..") || safe.startsWith("../") || safe.contains("/../") || safe.endsWith("/.."))) {
            throw new IllegalStateException("unsafe name accepted: " + name + " -> " + safe);
        }
    }
}
