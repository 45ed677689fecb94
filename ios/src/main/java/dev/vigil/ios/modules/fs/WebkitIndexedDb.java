package dev.vigil.ios.modules.fs;

import java.util.List;

/** IndexedDB databases of web origins in apps' WebKit data (the reference tool's webkit_indexeddb). */
public final class WebkitIndexedDb extends WebkitOrigins {
    @Override
    public String slug() {
        return "webkit_indexeddb";
    }

    @Override
    public String description() {
        return "WebKit IndexedDB folders of apps: web origins rebuilt from folder names vs URL and domain indicators";
    }

    @Override
    List<String> roots() {
        return List.of("private/var/mobile/Containers/Data/Application/*/Library/WebKit/WebsiteData/IndexedDB");
    }
}
