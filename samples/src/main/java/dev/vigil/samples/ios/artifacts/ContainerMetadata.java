package dev.vigil.samples.ios.artifacts;

import com.dd.plist.BinaryPropertyListWriter;
import com.dd.plist.NSDictionary;
import dev.vigil.samples.ios.IosFiles;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Writes {@code .com.apple.mobile_container_manager.metadata.plist}, the binary plist at the
 * root of every app data container and app group container of a filesystem dump (iOS 8-17):
 * MCMMetadataIdentifier (bundle or group id), MCMMetadataContentClass (2 app data, 7 app group),
 * MCMMetadataUUID, MCMMetadataVersion.
 */
public final class ContainerMetadata {
    public static final String NAME = ".com.apple.mobile_container_manager.metadata.plist";

    private ContainerMetadata() {}

    public static byte[] plist(String identifier, int contentClass, String uuid) {
        NSDictionary d = new NSDictionary();
        d.put("MCMMetadataIdentifier", identifier);
        d.put("MCMMetadataContentClass", contentClass);
        d.put("MCMMetadataUUID", uuid);
        d.put("MCMMetadataVersion", 6);
        try {
            return BinaryPropertyListWriter.writeToArray(d);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Puts the metadata plist at the root of a container given by its path ("…/Application/UUID/"). */
    public static void put(IosFiles fs, String containerRoot, String identifier) {
        String root = containerRoot.endsWith("/") ? containerRoot : containerRoot + "/";
        String uuid = root.substring(0, root.length() - 1);
        uuid = uuid.substring(uuid.lastIndexOf('/') + 1);
        fs.put(root + NAME, plist(identifier, root.contains("/AppGroup/") ? 7 : 2, uuid));
    }
}
