package dev.vigil.samples.ios.artifacts;

import com.dd.plist.BinaryPropertyListWriter;
import com.dd.plist.NSArray;
import com.dd.plist.NSDictionary;
import dev.vigil.samples.ios.IosFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;

/**
 * Writes WebKit's legacy {@code full_browsing_session_resourceLog.plist} (KeyedEncoder binary
 * plist of iOS 11-13): {version, browsingStatistics: [{PrevalentResourceOrigin, lastSeen,
 * hadUserInteraction, mostRecentUserInteraction, grandfathered, topFrameUniqueRedirectsTo:
 * [{origin, count}], topFrameUniqueRedirectsFrom, subresourceUnderTopFrameOrigins, ...}]}.
 */
public final class WebKitResourceLogPlist {
    public static final String PATH = "private/var/mobile/Library/WebKit/WebsiteData/ResourceLoadStatistics/full_browsing_session_resourceLog.plist";

    private final List<NSDictionary> entries = new java.util.ArrayList<>();


    public WebKitResourceLogPlist entry(String origin, Instant lastSeen, boolean interaction, List<String> redirectsFrom, List<String> redirectsTo, List<String> subresourceUnder) {
        NSDictionary e = new NSDictionary();
        e.put("PrevalentResourceOrigin", origin);
        e.put("lastSeen", (double) lastSeen.getEpochSecond());
        e.put("hadUserInteraction", interaction);
        e.put("mostRecentUserInteraction", interaction ? (double) lastSeen.getEpochSecond() : 0.0);
        e.put("grandfathered", false);
        if (!redirectsFrom.isEmpty()) e.put("topFrameUniqueRedirectsFrom", set(redirectsFrom));
        if (!redirectsTo.isEmpty()) e.put("topFrameUniqueRedirectsTo", set(redirectsTo));
        if (!subresourceUnder.isEmpty()) e.put("subresourceUnderTopFrameOrigins", set(subresourceUnder));
        entries.add(e);
        return this;
    }

    private static NSArray set(List<String> origins) {
        NSArray a = new NSArray(origins.size());
        for (int i = 0; i < origins.size(); i++) {
            NSDictionary d = new NSDictionary();
            d.put("origin", origins.get(i));
            d.put("count", 1);
            a.setValue(i, d);
        }
        return a;
    }

    public byte[] bytes() {
        NSDictionary root = new NSDictionary();
        root.put("version", 11);
        root.put("originsVisited", entries.size());
        root.put("browsingStatistics", new NSArray(entries.toArray(NSDictionary[]::new)));
        try {
            return BinaryPropertyListWriter.writeToArray(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Demo: Safari's resource log with a redirect from a shortener to a QuaDream (KingsPawn) domain. */
    public static void plantDemo(IosFiles fs) {
        fs.put(PATH, new WebKitResourceLogPlist()
                .entry("bit.ly", Instant.parse("2021-11-03T08:00:00Z"), true, List.of(), List.of("newsbuiltin.online"), List.of())
                .entry("newsbuiltin.online", Instant.parse("2021-11-03T08:00:02Z"), false, List.of("bit.ly"), List.of(), List.of())
                .entry("srf.ch", Instant.parse("2021-11-03T07:30:00Z"), true, List.of(), List.of(), List.of())
                .bytes());
    }
}
