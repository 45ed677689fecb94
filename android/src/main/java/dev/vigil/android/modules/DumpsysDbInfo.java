package dev.vigil.android.modules;

import dev.vigil.android.dumpsys.Dumpsys;
import dev.vigil.core.model.Record;
import dev.vigil.core.module.Checker;
import dev.vigil.core.module.ModuleContext;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recent SQLite operations from {@code dumpsys dbinfo}: per "Connection pool for
 * /data/.../x.db:", the "Most recently executed operations:" lines
 * ("    0: [2023-03-01 10:00:00.123] [Pid:(1234)]executeForCursorWindow took 1ms - succeeded,
 * sql=\"SELECT ...\", path=/data/..."). Shows which apps touched which databases (Pegasus
 * read other apps' databases this way).
 */
public final class DumpsysDbInfo extends DumpsysModule {
    private static final Pattern WITH_PID = Pattern.compile(
            ".*\\[(\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}\\.\\d{3})\\].*\\[Pid:\\((\\d+)\\)\\](\\w+).*sql=\"(.+?)\"");
    private static final Pattern NO_PID = Pattern.compile(
            ".*\\[(\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}\\.\\d{3})\\] (\\w+).*sql=\"(.+?)\"");

    @Override
    public String slug() {
        return "dumpsys_dbinfo";
    }

    @Override
    public String description() {
        return "Recent database operations per database file (dumpsys dbinfo).";
    }

    @Override
    protected String section() {
        return "dbinfo";
    }

    @Override
    protected int parse(String text, Dumpsys.Dump dump, ModuleContext ctx) {
        int n = 0;
        String pool = null;
        boolean inOps = false;
        for (String line : text.split("\n")) {
            if (line.startsWith("Connection pool for ")) {
                pool = line.substring(20).strip();
                if (pool.endsWith(":")) pool = pool.substring(0, pool.length() - 1);
                inOps = false;
                continue;
            }
            if (pool == null) continue;
            if (line.strip().equals("Most recently executed operations:")) {
                inOps = true;
                continue;
            }
            if (!inOps) continue;
            if (!line.startsWith("    ")) {
                inOps = false;
                pool = null;
                continue;
            }
            if (line.length() > 100_000) continue;
            Matcher m = WITH_PID.matcher(line);
            Record r;
            if (m.find()) {
                r = Record.of("timestamp", iso(m.group(1)), "pid", Long.parseLong(m.group(2)), "action", m.group(3), "sql", m.group(4), "path", pool);
            } else {
                m = NO_PID.matcher(line);
                if (!m.find()) continue;
                r = Record.of("timestamp", iso(m.group(1)), "action", m.group(2), "sql", m.group(3), "path", pool);
            }
            ctx.emit(from(dump, r));
            n++;
        }
        return n;
    }

    private static String iso(String local) {
        return dev.vigil.core.model.Times.iso(AndroidTimes.local(local));
    }

    @Override
    public void checkRecord(Record r, Checker c) {
        String path = r.str("path");
        if (path == null) return;
        for (String part : path.split("/")) {
            if (part.contains(".") && Apps.checkAppId(c, r, part, "Database operation on a file of package")) return;
        }
    }

    @Override
    public String describe(Record r) {
        return r.str("action") + " on " + r.str("path");
    }
}
