package dev.vigil.samples.ios.system;

import com.dd.plist.BinaryPropertyListWriter;
import com.dd.plist.NSObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Serialises dd-plist objects as binary (what iOS writes) or XML plists. */
public final class PlistFile {
    private PlistFile() {}

    public static byte[] binary(NSObject root) {
        try {
            return BinaryPropertyListWriter.writeToArray(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] xml(NSObject root) {
        return root.toXMLPropertyList().getBytes(StandardCharsets.UTF_8);
    }
}
