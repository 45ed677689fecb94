package dev.vigil.ios.modules;

import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * File types by their first bytes, and the type a file name's extension promises. Used to find
 * attachments whose content is not what their name says (FORCEDENTRY's ".gif" files were PDF
 * documents holding a JBIG2 stream).
 */
final class FileMagic {
    /** Bytes read from the start of a file. */
    static final int HEAD = 32;

    static final Set<String> IMAGES = Set.of("gif", "png", "jpeg", "heif", "webp", "tiff", "bmp");
    /** Content that image decoders should never be handed under an image name. */
    static final Set<String> DANGEROUS_UNDER_IMAGE_NAME = Set.of("pdf", "jbig2", "psd");

    private static final Map<String, String> BY_EXTENSION = Map.ofEntries(
            Map.entry("gif", "gif"), Map.entry("png", "png"), Map.entry("jpg", "jpeg"), Map.entry("jpeg", "jpeg"),
            Map.entry("heic", "heif"), Map.entry("heif", "heif"), Map.entry("webp", "webp"), Map.entry("tif", "tiff"),
            Map.entry("tiff", "tiff"), Map.entry("bmp", "bmp"), Map.entry("pdf", "pdf"), Map.entry("psd", "psd"),
            Map.entry("jb2", "jbig2"), Map.entry("jbig2", "jbig2"), Map.entry("pkpass", "zip"), Map.entry("zip", "zip"),
            Map.entry("mov", "isobmff"), Map.entry("mp4", "isobmff"), Map.entry("m4v", "isobmff"), Map.entry("m4a", "isobmff"),
            Map.entry("caf", "caf"), Map.entry("amr", "amr"), Map.entry("plist", "bplist"));

    private static final Map<String, String> BY_MIME = Map.ofEntries(
            Map.entry("image/gif", "gif"), Map.entry("image/png", "png"), Map.entry("image/jpeg", "jpeg"),
            Map.entry("image/heic", "heif"), Map.entry("image/heif", "heif"), Map.entry("image/webp", "webp"),
            Map.entry("image/tiff", "tiff"), Map.entry("application/pdf", "pdf"), Map.entry("image/vnd.adobe.photoshop", "psd"),
            Map.entry("image/jbig2", "jbig2"), Map.entry("application/vnd.apple.pkpass", "zip"), Map.entry("application/zip", "zip"),
            Map.entry("video/quicktime", "isobmff"), Map.entry("video/mp4", "isobmff"), Map.entry("audio/x-caf", "caf"));

    private static final Map<String, String> BY_UTI = Map.ofEntries(
            Map.entry("com.compuserve.gif", "gif"), Map.entry("public.png", "png"), Map.entry("public.jpeg", "jpeg"),
            Map.entry("public.heic", "heif"), Map.entry("public.heif", "heif"), Map.entry("org.webmproject.webp", "webp"),
            Map.entry("public.tiff", "tiff"), Map.entry("com.adobe.pdf", "pdf"), Map.entry("com.adobe.photoshop-image", "psd"),
            Map.entry("com.apple.pkpass", "zip"), Map.entry("public.zip-archive", "zip"), Map.entry("com.apple.quicktime-movie", "isobmff"),
            Map.entry("public.mpeg-4", "isobmff"), Map.entry("com.apple.coreaudio-format", "caf"));

    private FileMagic() {}

    /** The type of a file from its first bytes, or "unknown". */
    static String detect(byte[] h) {
        if (h == null || h.length < 4) return "unknown";
        if (starts(h, "GIF87a") || starts(h, "GIF89a")) return "gif";
        if ((h[0] & 0xff) == 0x89 && starts(h, 1, "PNG")) return "png";
        if ((h[0] & 0xff) == 0xff && (h[1] & 0xff) == 0xd8 && (h[2] & 0xff) == 0xff) return "jpeg";
        if (starts(h, "%PDF")) return "pdf";
        if ((h[0] & 0xff) == 0x97 && starts(h, 1, "JB2")) return "jbig2";
        if (starts(h, "8BPS")) return "psd";
        if (starts(h, "PK\u0003\u0004") || starts(h, "PK\u0005\u0006")) return "zip";
        if (starts(h, "RIFF") && h.length >= 12 && starts(h, 8, "WEBP")) return "webp";
        if (starts(h, "II*\u0000") || starts(h, "MM\u0000*")) return "tiff";
        if (starts(h, "BM") && h.length >= 14) return "bmp";
        if (starts(h, "bplist")) return "bplist";
        if (starts(h, "caff")) return "caf";
        if (starts(h, "#!AMR")) return "amr";
        if (h.length >= 12 && starts(h, 4, "ftyp")) {
            String brand = new String(h, 8, 4, java.nio.charset.StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
            return Set.of("heic", "heix", "heim", "heis", "hevc", "hevx", "mif1", "msf1", "avif").contains(brand) ? "heif" : "isobmff";
        }
        return "unknown";
    }

    /** The type promised by a file name's extension, or null. */
    static String fromName(String name) {
        if (name == null) return null;
        int dot = name.lastIndexOf('.');
        if (dot < 0 || dot == name.length() - 1) return null;
        return BY_EXTENSION.get(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    static String fromMime(String mime) {
        return mime == null ? null : BY_MIME.get(mime.toLowerCase(Locale.ROOT).strip());
    }

    static String fromUti(String uti) {
        return uti == null ? null : BY_UTI.get(uti.toLowerCase(Locale.ROOT).strip());
    }

    static String hex(byte[] h) {
        return h == null ? null : HexFormat.of().formatHex(h);
    }

    private static boolean starts(byte[] h, String s) {
        return starts(h, 0, s);
    }

    private static boolean starts(byte[] h, int off, String s) {
        if (h.length < off + s.length()) return false;
        for (int i = 0; i < s.length(); i++) if ((h[off + i] & 0xff) != s.charAt(i)) return false;
        return true;
    }
}
