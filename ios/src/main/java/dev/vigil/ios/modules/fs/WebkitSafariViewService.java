package dev.vigil.ios.modules.fs;

import java.util.List;

/**
 * Website data kept by SafariViewService, the in-app browser other apps open links in: a
 * one-click infection link opened from a messaging app leaves its origin here.
 */
public final class WebkitSafariViewService extends WebkitOrigins {
    @Override
    public String slug() {
        return "webkit_safariviewservice";
    }

    @Override
    public String description() {
        return "SafariViewService website data: web origins opened in in-app browsers vs URL and domain indicators";
    }

    @Override
    List<String> roots() {
        return List.of("private/var/mobile/Containers/Data/Application/*/SystemData/com.apple.SafariViewService/Library/WebKit/WebsiteData");
    }
}
