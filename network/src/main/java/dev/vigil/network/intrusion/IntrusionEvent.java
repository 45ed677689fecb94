package dev.vigil.network.intrusion;

import java.util.List;

/**
 * A network event of Android's intrusion logging (Android 16 Advanced Protection; the
 * {@code android.security.intrusiondetection.IntrusionDetectionEvent} types
 * NETWORK_EVENT_DNS = 1 and NETWORK_EVENT_CONNECT = 2, whose payloads are
 * {@code android.app.admin.DnsEvent} and {@code ConnectEvent}).
 */
public sealed interface IntrusionEvent {
    /** Milliseconds since the Unix epoch, or 0 when absent. */
    long timeMillis();

    String packageName();

    /** A DNS lookup made by an app: the name and the addresses it got (at most 10 are logged by Android). */
    record Dns(long id, long timeMillis, String packageName, String hostname, List<String> addresses, int totalResolved)
            implements IntrusionEvent {}

    /** A TCP connection made by an app. */
    record Connect(long id, long timeMillis, String packageName, String address, int port) implements IntrusionEvent {}
}
