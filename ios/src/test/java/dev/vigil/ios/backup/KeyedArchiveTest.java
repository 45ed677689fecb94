package dev.vigil.ios.backup;

import com.dd.plist.BinaryPropertyListWriter;
import com.dd.plist.NSArray;
import com.dd.plist.NSDictionary;
import com.dd.plist.NSNumber;
import com.dd.plist.NSObject;
import com.dd.plist.NSString;
import com.dd.plist.UID;
import dev.vigil.samples.ios.backup.BackupWriter;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KeyedArchiveTest {
    static UID uid(int i) {
        return new UID(null, new byte[] {(byte) i});
    }

    static byte[] archive(NSObject... objects) throws Exception {
        NSDictionary top = new NSDictionary();
        top.put("root", uid(1));
        NSDictionary a = new NSDictionary();
        a.put("$archiver", "NSKeyedArchiver");
        a.put("$version", 100000);
        a.put("$top", top);
        a.put("$objects", new NSArray(objects));
        return BinaryPropertyListWriter.writeToArray(a);
    }

    @Test
    void decodesMbFileFromTheWriter() throws Exception {
        byte[] key = new byte[44];
        key[0] = 3;
        byte[] blob = BackupWriter.mbfile("Library/SMS/sms.db", 0100600, 12345, Instant.parse("2023-06-01T10:00:00Z"), 77, 501, 3, key);
        MBFile m = MBFile.decode(blob);
        assertThat(m.size()).isEqualTo(12345);
        assertThat(m.mode()).isEqualTo(0100600);
        assertThat(m.userId()).isEqualTo(501);
        assertThat(m.inode()).isEqualTo(77);
        assertThat(m.lastModified()).isEqualTo(Instant.parse("2023-06-01T10:00:00Z"));
        assertThat(m.protectionClass()).isEqualTo(3);
        assertThat(m.keyClass()).isEqualTo(3);
        assertThat(m.wrappedKey()).hasSize(40);
        assertThat(m.isDirectory()).isFalse();
        Object root = KeyedArchive.decode(blob);
        assertThat(((Map<?, ?>) root).get("$class")).isEqualTo("MBFile");
        assertThat(((Map<?, ?>) root).get("RelativePath")).isEqualTo("Library/SMS/sms.db");
    }

    @Test
    void decodesDictionariesAndArrays() throws Exception {
        NSDictionary dict = new NSDictionary();
        dict.put("NS.keys", new NSArray(uid(2), uid(3)));
        dict.put("NS.objects", new NSArray(uid(4), uid(5)));
        dict.put("$class", uid(6));
        NSDictionary arr = new NSDictionary();
        arr.put("NS.objects", new NSArray(uid(2), uid(0)));
        NSDictionary cls = new NSDictionary();
        cls.put("$classname", "NSDictionary");
        cls.put("$classes", new NSArray(new NSString("NSDictionary"), new NSString("NSObject")));
        byte[] b = archive(new NSString("$null"), dict, new NSString("a"), new NSString("b"), new NSNumber(1), arr, cls);
        Object o = KeyedArchive.decode(b);
        assertThat(o).isEqualTo(Map.of("a", 1L, "b", java.util.Arrays.asList("a", null)));
    }

    @Test
    void cyclesAreRefused() throws Exception {
        NSDictionary self = new NSDictionary();
        self.put("me", uid(1));
        assertThatThrownBy(() -> KeyedArchive.decode(archive(new NSString("$null"), self)))
                .isInstanceOf(KeyedArchive.FormatException.class).hasMessageContaining("cycle");
        NSDictionary a = new NSDictionary();
        a.put("next", uid(2));
        NSDictionary b = new NSDictionary();
        b.put("next", uid(1));
        assertThatThrownBy(() -> KeyedArchive.decode(archive(new NSString("$null"), a, b))).hasMessageContaining("cycle");
    }

    @Test
    void sharedObjectsAreNotCycles() throws Exception {
        NSDictionary root = new NSDictionary();
        root.put("x", uid(2));
        root.put("y", uid(2));
        Object o = KeyedArchive.decode(archive(new NSString("$null"), root, new NSString("shared")));
        assertThat(o).isEqualTo(Map.of("x", "shared", "y", "shared"));
    }

    @Test
    void deepNestingAndExplosionAreRefused() throws Exception {
        NSObject[] objs = new NSObject[200];
        objs[0] = new NSString("$null");
        for (int i = 1; i < 199; i++) {
            NSDictionary d = new NSDictionary();
            d.put("n", uid(i + 1));
            objs[i] = d;
        }
        objs[199] = new NSString("end");
        assertThatThrownBy(() -> KeyedArchive.decode(archive(objs))).hasMessageContaining("deeper");
        // a DAG that doubles at each level: 2^24 leaves if expanded naively
        NSObject[] dag = new NSObject[26];
        dag[0] = new NSString("$null");
        for (int i = 1; i < 25; i++) {
            dag[i] = new NSArray(uid(i + 1), uid(i + 1));
        }
        dag[25] = new NSString("leaf");
        assertThatThrownBy(() -> KeyedArchive.decode(archive(dag))).hasMessageContaining("more than");
    }

    @Test
    void garbageFailsClearly() {
        assertThatThrownBy(() -> KeyedArchive.decode(new byte[] {1, 2, 3})).isInstanceOf(KeyedArchive.FormatException.class);
        assertThatThrownBy(() -> MBFile.decode(new byte[0])).isInstanceOf(KeyedArchive.FormatException.class);
        assertThat(List.of()).isEmpty();
    }
}
