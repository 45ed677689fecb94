package dev.vigil.ios.modules.fs;

import java.util.List;

/** Local storage files of web origins ({@code https_example.com_0.localstorage}) in apps' WebKit data. */
public final class WebkitLocalStorage extends WebkitOrigins {
    @Override
    public String slug() {
        return "webkit_localstorage";
    }

    @Override
    public String description() {
        return "WebKit local storage of apps: web origins rebuilt from file names vs URL and domain indicators";
    }

    @Override
    List<String> roots() {
        return List.of("private/var/mobile/Containers/Data/Application/*/Library/WebKit/WebsiteData/LocalStorage");
    }
}
