package dev.vigil.android.modules;

import dev.vigil.android.dumpsys.Dumpsys;
import dev.vigil.core.model.Level;
import dev.vigil.core.model.Record;
import dev.vigil.core.module.Checker;
import dev.vigil.core.module.ModuleContext;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Computers trusted for USB debugging, from {@code dumpsys adb} (Android 11+ proto-style
 * dump: "debugging_manager={ ... user_keys=BASE64KEY user@host" lines, one key per line
 * until an empty line). Each key becomes a record with its MD5 fingerprint, as adb shows it.
 */
public final class DumpsysAdbState extends DumpsysModule {
    @Override
    public String slug() {
        return "dumpsys_adb_state";
    }

    @Override
    public String description() {
        return "Computers trusted for USB debugging (dumpsys adb user_keys).";
    }

    @Override
    protected String section() {
        return "adb";
    }

    @Override
    protected int parse(String text, Dumpsys.Dump dump, ModuleContext ctx) {
        int n = 0;
        boolean inKeys = false;
        boolean connected = false;
        for (String line : text.split("\n")) {
            String s = line.strip();
            if (s.startsWith("connected_to_adb=")) connected = s.endsWith("true");
            if (s.startsWith("user_keys=")) {
                inKeys = true;
                s = s.substring(10).strip();
            } else if (!inKeys) {
                continue;
            }
            if (s.isEmpty() || s.equals("}") || s.contains("=") && !s.contains(" ")) {
                inKeys = false;
                continue;
            }
            String[] kv = s.split(" ", 2);
            byte[] raw;
            try {
                raw = Base64.getDecoder().decode(kv[0]);
            } catch (IllegalArgumentException e) {
                ctx.warn("unreadable adb key line: " + s.substring(0, Math.min(60, s.length())));
                continue;
            }
            ctx.emit(from(dump, Record.of("user", kv.length > 1 ? kv[1] : "", "fingerprint", fingerprint(raw), "key", kv[0],
                    "connected_to_adb", connected)));
            n++;
        }
        return n;
    }

    static String fingerprint(byte[] raw) {
        try {
            String hex = HexFormat.of().withUpperCase().formatHex(MessageDigest.getInstance("MD5").digest(raw));
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < hex.length(); i += 2) {
                if (i > 0) b.append(':');
                b.append(hex, i, i + 2);
            }
            return b.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void checkRecord(Record r, Checker c) {
        c.alert(Level.LOW, r, "A computer is trusted for USB debugging: " + r.str("user") + " (" + r.str("fingerprint") + ")",
                "A trusted adb key lets that computer install apps and read data over USB without asking again.",
                "Developers and the owner's own computer are normal; an unknown host name is worth asking about.");
    }

    @Override
    public String describe(Record r) {
        return "Trusted adb key " + r.str("fingerprint") + " of " + r.str("user");
    }
}
