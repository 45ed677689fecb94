package dev.vigil.core.ioc;

/**
 * The kinds of indicator Vigil matches. {@link #stixKey()} is the STIX object path the
 * public indicator sets use, and is the {@code type} written in alerts.json.
 */
public enum IndicatorType {
    DOMAIN("domain-name:value"),
    IPV4("ipv4-addr:value"),
    IPV6("ipv6-addr:value"),
    URL("url:value"),
    EMAIL("email-addr:value"),
    PROCESS("process:name"),
    FILE_NAME("file:name"),
    FILE_PATH("file:path"),
    FILE_MD5("file:hashes.md5"),
    FILE_SHA1("file:hashes.sha1"),
    FILE_SHA256("file:hashes.sha256"),
    APP_ID("app:id"),
    CERT_MD5("app:cert.md5"),
    CERT_SHA1("app:cert.sha1"),
    CERT_SHA256("app:cert.sha256"),
    PROFILE_ID("configuration-profile:id"),
    ANDROID_PROPERTY("android-property:name");

    private final String stixKey;

    IndicatorType(String stixKey) {
        this.stixKey = stixKey;
    }

    public String stixKey() {
        return stixKey;
    }

    /** Looks a type up by its STIX key as written in alerts.json, or null. */
    public static IndicatorType ofStixKey(String key) {
        for (IndicatorType t : values()) if (t.stixKey.equals(key)) return t;
        return null;
    }
}
