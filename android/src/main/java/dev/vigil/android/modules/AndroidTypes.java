package dev.vigil.android.modules;

/** Names of the Android evidence types, as written in run.json and listed by modules. */
public final class AndroidTypes {
    public static final String BUGREPORT = "android-bugreport";
    public static final String ANDROIDQF = "androidqf";
    public static final String BACKUP = "android-backup";
    public static final String INTRUSION_LOGS = "android-intrusion-logs";

    private AndroidTypes() {}
}
