package dev.vigil.samples.ios.system;

import com.dd.plist.NSArray;
import com.dd.plist.NSDictionary;
import com.dd.plist.NSObject;
import dev.vigil.samples.ios.IosFiles;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Shortcuts.sqlite as written by iOS 13 to 16: {@code ZSHORTCUT} (Core Data entity with
 * {@code ZNAME}, {@code ZACTIONSDESCRIPTION}, {@code ZCREATIONDATE}, {@code ZMODIFICATIONDATE},
 * {@code ZACTIONCOUNT}, {@code ZTOMBSTONED}, {@code ZWORKFLOWID}) and {@code ZSHORTCUTACTIONS}
 * ({@code ZSHORTCUT}, {@code ZDATA}: binary plist array of {@code WFWorkflowActionIdentifier} /
 * {@code WFWorkflowActionParameters} dictionaries).
 */
public final class ShortcutsBuilder {
    public static final String PATH = "private/var/mobile/Library/Shortcuts/Shortcuts.sqlite";

    /** One action: its identifier and parameters (plain values: String, Number, Map, List). */
    public record Action(String identifier, Map<String, Object> parameters) {}

    private record Shortcut(long pk, String name, String description, Instant created, Instant modified, List<Action> actions) {}

    private final List<Shortcut> shortcuts = new ArrayList<>();

    public ShortcutsBuilder shortcut(long pk, String name, String description, Instant created, Instant modified, List<Action> actions) {
        shortcuts.add(new Shortcut(pk, name, description, created, modified, actions));
        return this;
    }

    public byte[] build() {
        return SqliteFile.build(c -> {
            SqliteFile.exec(c, "CREATE TABLE ZSHORTCUT ( Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, Z_OPT INTEGER, ZACTIONCOUNT INTEGER, "
                    + "ZTOMBSTONED INTEGER, ZHIDDENFROMLIBRARYANDSYNC INTEGER, ZACTIONS INTEGER, ZCREATIONDATE TIMESTAMP, "
                    + "ZMODIFICATIONDATE TIMESTAMP, ZNAME VARCHAR, ZACTIONSDESCRIPTION VARCHAR, ZWORKFLOWID VARCHAR, ZSOURCE VARCHAR );"
                    + "CREATE TABLE ZSHORTCUTACTIONS ( Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, Z_OPT INTEGER, ZSHORTCUT INTEGER, ZDATA BLOB );"
                    + "CREATE TABLE Z_PRIMARYKEY (Z_ENT INTEGER PRIMARY KEY, Z_NAME VARCHAR, Z_SUPER INTEGER, Z_MAX INTEGER)");
            for (Shortcut s : shortcuts) {
                SqliteFile.insert(c, "INSERT INTO ZSHORTCUT VALUES (?,?,?,?,0,0,?,?,?,?,?,?,?)", s.pk(), 9, 1, s.actions().size(), s.pk(),
                        SqliteFile.cocoa(s.created()), SqliteFile.cocoa(s.modified()), s.name(), s.description(),
                        String.format("%08X-0000-4000-8000-%012X", s.pk(), s.pk()), "ShortcutSourceUser");
                NSArray arr = new NSArray(s.actions().size());
                for (int i = 0; i < s.actions().size(); i++) {
                    Action a = s.actions().get(i);
                    NSDictionary d = new NSDictionary();
                    d.put("WFWorkflowActionIdentifier", a.identifier());
                    d.put("WFWorkflowActionParameters", NSObject.fromJavaObject(new java.util.TreeMap<>(a.parameters())));
                    arr.setValue(i, d);
                }
                SqliteFile.insert(c, "INSERT INTO ZSHORTCUTACTIONS VALUES (?,?,?,?,?)", s.pk(), 10, 1, s.pk(), PlistFile.binary(arr));
            }
        });
    }

    /**
     * Demo: an ordinary "Home" shortcut and a "Weather" shortcut fetching a page on
     * {@code weather4free.com}, an NSO Pegasus domain (Amnesty, 2021).
     */
    public static void plantDemo(IosFiles fs) {
        fs.put(PATH, new ShortcutsBuilder()
                .shortcut(1, "Home", "Directions home", Instant.parse("2023-01-10T18:00:00Z"), Instant.parse("2023-01-10T18:05:00Z"),
                        List.of(new Action("is.workflow.actions.getdirections", Map.of("WFDestination", "Home")),
                                new Action("is.workflow.actions.openurl", Map.of("WFInput", "https://maps.apple.com/?daddr=Home"))))
                .shortcut(2, "Weather", "Get the forecast", Instant.parse("2023-05-19T20:00:00Z"), Instant.parse("2023-05-19T20:01:00Z"),
                        List.of(new Action("is.workflow.actions.url", Map.of("WFURLActionURL", "https://weather4free.com/forecast?c=lon")),
                                new Action("is.workflow.actions.downloadurl", Map.of("WFHTTPMethod", "GET")),
                                new Action("is.workflow.actions.showresult", Map.of("Text", "Done"))))
                .build());
    }
}
