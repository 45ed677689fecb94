package dev.vigil.android.modules;

import dev.vigil.android.dumpsys.Dumpsys;
import dev.vigil.core.model.Level;
import dev.vigil.core.model.Record;
import dev.vigil.core.module.Checker;
import dev.vigil.core.module.ModuleContext;

import java.util.Map;

/**
 * Broadcast receivers from the Receiver Resolver Table of {@code dumpsys package}; receivers
 * of SMS and call intents are flagged (spyware intercepts SMS and calls this way).
 */
public final class DumpsysReceivers extends DumpsysModule {
    static final Map<String, String> SENSITIVE = Map.of(
            "android.provider.Telephony.NEW_OUTGOING_SMS", "intercepts outgoing SMS",
            "android.provider.Telephony.SMS_RECEIVED", "intercepts incoming SMS",
            "android.intent.action.DATA_SMS_RECEIVED", "intercepts incoming data SMS",
            "android.intent.action.PHONE_STATE", "monitors the telephony state and incoming calls",
            "android.intent.action.NEW_OUTGOING_CALL", "monitors outgoing calls");

    @Override
    public String slug() {
        return "dumpsys_receivers";
    }

    @Override
    public String description() {
        return "Broadcast receivers (Receiver Resolver Table of dumpsys package), with SMS and call interception flagged.";
    }

    @Override
    protected String section() {
        return "package";
    }

    @Override
    protected int parse(String text, Dumpsys.Dump dump, ModuleContext ctx) {
        int n = 0;
        for (ResolverTable.Entry e : ResolverTable.parse(text, "Receiver Resolver Table:")) {
            Record r = Record.of("intent", e.intent(), "package_name", e.packageName(), "receiver", e.component());
            String s = SENSITIVE.get(e.intent());
            if (s != null) r.put("sensitive", s);
            ctx.emit(from(dump, r));
            n++;
        }
        return n;
    }

    @Override
    public void checkRecord(Record r, Checker c) {
        if (Apps.checkAppId(c, r, r.str("package_name"), "Broadcast receiver of package")) return;
        String s = r.str("sensitive");
        String pkg = r.str("package_name");
        if (s != null && pkg != null && !pkg.startsWith("com.android.") && !pkg.startsWith("com.google.android.")
                && !pkg.equals("android")) {
            c.alert(Level.INFO, r, "Receiver that " + s + ": " + r.str("receiver"),
                    "It is registered for " + r.str("intent") + ".",
                    "Messaging, dialer and backup apps register these receivers legitimately.");
        }
    }

    @Override
    public String describe(Record r) {
        return r.str("receiver") + " receives " + r.str("intent");
    }
}
