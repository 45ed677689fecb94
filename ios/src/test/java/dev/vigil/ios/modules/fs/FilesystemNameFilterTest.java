package dev.vigil.ios.modules.fs;

import dev.vigil.core.ioc.Indicator;
import dev.vigil.core.ioc.IndicatorType;
import dev.vigil.core.ioc.Indicators;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** The filesystem walk's cheap pre-test must never hide an entry the full indicator check would record. */
class FilesystemNameFilterTest {
    static final String[] SEGS = {"private", "var", "db", "mobile", "rolexd", "bh", "com.apple.xpc.roleaccountd.staging", "subridged",
            "Library", "evil.plist", "a", "tmp", "etc", " bh", "Caches"};

    static Indicators indicators() {
        return Indicators.of(
                new Indicator(IndicatorType.PROCESS, "rolexd", "Pegasus", "test", null),
                new Indicator(IndicatorType.PROCESS, " bh ", "Pegasus", "test", null),
                new Indicator(IndicatorType.FILE_PATH, "/private/var/db/com.apple.xpc.roleaccountd.staging/subridged", "QuaDream", "test", null),
                new Indicator(IndicatorType.FILE_PATH, "/var/tmp/", "Test", "test", null),
                new Indicator(IndicatorType.FILE_NAME, "evil.plist", "Test", "test", null),
                new Indicator(IndicatorType.DOMAIN, "evil.com", "Test", "test", null));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void everyEntryTheFullCheckRecordsPassesThePreTest(int seed) {
        Random r = new Random(seed);
        Indicators ind = indicators();
        TreeSet<String> paths = new TreeSet<>(); // the walk is sorted, as every source's is
        for (int i = 0; i < 3000; i++) {
            StringBuilder sb = new StringBuilder();
            int depth = 1 + r.nextInt(6);
            for (int d = 0; d < depth; d++) sb.append(d == 0 ? "" : "/").append(SEGS[r.nextInt(SEGS.length)]);
            paths.add(sb.toString());
        }
        Filesystem.NameFilter filter = Filesystem.NameFilter.of(ind);
        int notable = 0, passed = 0;
        for (String p : paths) {
            boolean may = filter.mayMatch(p);
            if (may) passed++;
            if (Filesystem.indicatorReason(ind, p) != null) {
                notable++;
                assertThat(may).as(p).isTrue();
            }
        }
        assertThat(notable).isPositive();
        assertThat(passed).isLessThan(paths.size()); // and it does filter
    }

    /** The pre-test is exact on its own terms: a candidate folder, or a last segment equal (stripped) to a name. */
    @ParameterizedTest
    @ValueSource(ints = {4, 5})
    void thePreTestAnswersAsTheNamesDo(int seed) {
        Random r = new Random(seed);
        String[] segs = {"rolexd", "bh", " bh", "bh ", "\tbh", "evil.plist", "subridged", "Caches", "", " ", "x", "éé", "\uD83D\uDE00",
                "private", "mobile", "Library", "rolexd2", "Rolexd", "var", " var", "tmp", "etc", "tmp "};
        Filesystem.NameFilter filter = Filesystem.NameFilter.of(indicators());
        java.util.Set<String> names = java.util.Set.of("rolexd", "bh", "subridged", "tmp", "evil.plist");
        for (int i = 0; i < 20_000; i++) {
            int depth = 1 + r.nextInt(4);
            List<String> parts = new ArrayList<>();
            for (int d = 0; d < depth; d++) parts.add(segs[r.nextInt(segs.length)]);
            String p = String.join("/", parts);
            // a folder named like an indicator, or one of the aliases of /private (left to the full check)
            boolean folderHit = depth > 1 && java.util.Set.of("var", "tmp", "etc").contains(parts.get(0));
            for (int d = 0; d < depth - 1; d++) folderHit |= names.contains(parts.get(d).strip());
            boolean want = folderHit || names.contains(parts.get(depth - 1).strip());
            assertThat(filter.mayMatch(p)).as(p).isEqualTo(want);
        }
    }

    @Test
    void noIndicatorsNoCandidatesAndARootPathIndicatorTestsAll() {
        assertThat(Filesystem.NameFilter.of(Indicators.empty()).mayMatch("private/var/db/rolexd")).isFalse();
        Filesystem.NameFilter all = Filesystem.NameFilter.of(Indicators.of(new Indicator(IndicatorType.FILE_PATH, "/", "x", "t", null)));
        List<Boolean> seen = new ArrayList<>();
        for (String p : List.of("a", "b/c", "private/var/x")) seen.add(all.mayMatch(p));
        assertThat(seen).containsOnly(true);
    }
}
