package dev.vigil.network.capture;

import dev.vigil.network.CorruptInputException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A streaming reader of packet captures: classic pcap (all four magic numbers: micro- and
 * nanosecond timestamps, either byte order) and pcapng (section header, interface
 * description with link type and timestamp resolution/offset, enhanced, simple and obsolete
 * packet blocks, name resolution blocks; every section in its own byte order). One packet
 * at a time in a reused buffer: memory does not grow with the capture.
 *
 * <p>Formats as documented in the pcap(5)/pcap-savefile man page and the IETF draft
 * "PCAP Now Generic (pcapng) Capture File Format" (draft-ietf-opsawg-pcapng).
 */
public final class CaptureReader {
    /** Largest packet accepted (jumbo frames and 256 KiB snap lengths fit). */
    public static final int MAX_PACKET = 1 << 20;
    /** Largest pcapng block accepted. */
    public static final int MAX_BLOCK = 16 << 20;
    static final int MAX_INTERFACES = 1 << 16;

    public static final int PCAPNG_SHB = 0x0A0D0D0A;
    private static final int BOM = 0x1A2B3C4D;

    /** What a reader hands out. */
    public interface Handler {
        void packet(int linkType, long timeNanos, byte[] data, int off, int len);

        /** A pcapng name resolution record: address (text) and one of its names. */
        default void name(String ip, String name) {}

        /** A note about something read only in part. */
        default void warn(String message) {}
    }

    /** Statistics of one capture. */
    public static final class Stats {
        public String format;
        public long packets;
        public long blocks;
        public long bytes;
    }

    private final InputStream in;
    private final Handler handler;
    private final Stats stats = new Stats();
    private byte[] buf = new byte[64 * 1024];
    private long offset;

    private CaptureReader(InputStream in, Handler handler) {
        this.in = in;
        this.handler = handler;
    }

    /** Is this the start of a pcap or pcapng file? */
    public static boolean isCapture(byte[] head, int len) {
        if (len < 4) return false;
        int le = le32(head, 0);
        return le == 0xa1b2c3d4 || le == 0xa1b23c4d || le == 0xd4c3b2a1 || le == 0x4d3cb2a1 || le == PCAPNG_SHB;
    }

    /**
     * Reads a whole capture, streaming. Throws {@link CorruptInputException} on a broken
     * header or block (after handing out every packet before it); {@code truncated()} is true
     * when the file simply ends early.
     */
    public static Stats read(InputStream in, Handler handler) throws IOException {
        CaptureReader r = new CaptureReader(in, handler);
        byte[] head = new byte[4];
        int n = r.fill(head, 4);
        if (n < 4) throw new CorruptInputException("not a capture: shorter than a header");
        int magic = le32(head, 0);
        if (magic == PCAPNG_SHB) r.pcapng(head);
        else r.pcap(magic);
        return r.stats;
    }

    private int fill(byte[] b, int n) throws IOException {
        int got = in.readNBytes(b, 0, n);
        offset += got;
        stats.bytes += got;
        return got;
    }

    private void need(int n) {
        if (buf.length < n) buf = new byte[Math.max(n, Math.min(buf.length * 2, MAX_BLOCK + 16))];
    }

    // ------------------------------------------------------------------ pcap

    private void pcap(int magic) throws IOException {
        boolean big;
        boolean nanos;
        switch (magic) {
            case 0xa1b2c3d4 -> { big = false; nanos = false; }
            case 0xa1b23c4d -> { big = false; nanos = true; }
            case 0xd4c3b2a1 -> { big = true; nanos = false; }
            case 0x4d3cb2a1 -> { big = true; nanos = true; }
            default -> throw new CorruptInputException("not a pcap file (magic " + Integer.toHexString(magic) + ")");
        }
        stats.format = "pcap";
        byte[] h = new byte[20];
        if (fill(h, 20) < 20) throw new CorruptInputException("pcap file ends inside its 24-byte header", true);
        int major = u16(h, 0, big);
        if (major != 2) handler.warn("pcap version " + major + "." + u16(h, 2, big) + " (expected 2.4); read as 2.4");
        int linkType = u32i(h, 16, big) & 0xFFFF;
        byte[] rh = new byte[16];
        while (true) {
            long at = offset;
            int got = fill(rh, 16);
            if (got == 0) return;
            if (got < 16) throw new CorruptInputException("capture ends inside the header of packet " + (stats.packets + 1) + " at offset " + at, true);
            long sec = u32(rh, 0, big);
            long frac = u32(rh, 4, big);
            long incl = u32(rh, 8, big);
            if (incl > MAX_PACKET) {
                throw new CorruptInputException("packet " + (stats.packets + 1) + " at offset " + at + " claims " + incl
                        + " bytes, over the limit of " + MAX_PACKET + ": the file is corrupt");
            }
            int len = (int) incl;
            need(len);
            if (fill(buf, len) < len) throw new CorruptInputException("capture ends inside packet " + (stats.packets + 1) + " at offset " + at, true);
            if (!nanos && frac >= 1_000_000 || nanos && frac >= 1_000_000_000) {
                handler.warn("packet " + (stats.packets + 1) + " has a fraction of second out of range: " + frac);
                frac = 0;
            }
            long t = sec * 1_000_000_000L + (nanos ? frac : frac * 1000);
            stats.packets++;
            handler.packet(linkType, t, buf, 0, len);
        }
    }

    // ------------------------------------------------------------------ pcapng

    private static final class Iface {
        final int linkType;
        long unitsPerSecond = 1_000_000; // default resolution: microseconds
        boolean decimal = true;
        int exponent = 6;
        long offsetSeconds;

        Iface(int linkType) {
            this.linkType = linkType;
        }

        long nanos(long ts) {
            long t;
            if (decimal) {
                if (exponent <= 9) {
                    t = ts * pow10(9 - exponent);
                } else {
                    t = ts / pow10(exponent - 9);
                }
            } else {
                long whole = exponent >= 63 ? 0 : ts >>> exponent;
                long frac = exponent >= 63 ? ts : ts & ((1L << exponent) - 1);
                t = whole * 1_000_000_000L + (long) (frac * 1e9 / Math.pow(2, exponent));
            }
            return t + offsetSeconds * 1_000_000_000L;
        }
    }

    private static long pow10(int n) {
        long v = 1;
        for (int i = 0; i < n && i < 18; i++) v *= 10;
        return v;
    }

    private void pcapng(byte[] first) throws IOException {
        stats.format = "pcapng";
        boolean big = false;
        List<Iface> ifaces = new ArrayList<>();
        long lastTime = 0;
        byte[] hdr = new byte[8];
        boolean firstBlock = true;
        while (true) {
            long at = offset - (firstBlock ? 4 : 0);
            int type;
            if (firstBlock) {
                type = PCAPNG_SHB;
                if (fill(hdr, 4) < 4) throw new CorruptInputException("pcapng file ends inside its first block", true);
                System.arraycopy(hdr, 0, hdr, 4, 4);
            } else {
                int got = fill(hdr, 8);
                if (got == 0) return;
                if (got < 8) throw new CorruptInputException("capture ends inside the header of the block at offset " + at, true);
                type = u32i(hdr, 0, big);
            }
            long total;
            byte[] bomBytes = null;
            if (type == PCAPNG_SHB) {
                bomBytes = new byte[4];
                if (fill(bomBytes, 4) < 4) throw new CorruptInputException("capture ends inside the section header at offset " + at, true);
                int bomLe = le32(bomBytes, 0);
                if (bomLe == BOM) big = false;
                else if (Integer.reverseBytes(bomLe) == BOM) big = true;
                else throw new CorruptInputException("pcapng section header at offset " + at + " has no valid byte-order magic: the file is corrupt");
                total = u32(hdr, 4, big);
            } else {
                total = u32(hdr, 4, big);
            }
            if (total < 12 || total % 4 != 0 || total > MAX_BLOCK) {
                throw new CorruptInputException("pcapng block at offset " + at + " has an impossible length of " + total
                        + " bytes (block type 0x" + Integer.toHexString(type) + "): the file is corrupt");
            }
            int bodyLen = (int) total - 12;
            int alreadyRead = bomBytes == null ? 0 : 4;
            if (type == PCAPNG_SHB && bodyLen < 16) throw new CorruptInputException("pcapng section header at offset " + at + " is too short");
            need(bodyLen + 4);
            if (bomBytes != null) System.arraycopy(bomBytes, 0, buf, 0, 4);
            int want = bodyLen + 4 - alreadyRead;
            if (fillAt(buf, alreadyRead, want) < want) {
                throw new CorruptInputException("capture ends inside the block at offset " + at + " (after " + stats.packets + " packets)", true);
            }
            long trailer = u32(buf, bodyLen, big);
            if (trailer != total) {
                throw new CorruptInputException("pcapng block at offset " + at + " has a trailing length of " + trailer
                        + " instead of " + total + ": the file is corrupt");
            }
            firstBlock = false;
            stats.blocks++;
            switch (type) {
                case PCAPNG_SHB -> {
                    int major = u16(buf, 4, big);
                    if (major != 1) handler.warn("pcapng section version " + major + " at offset " + at + " (expected 1); read as 1.0");
                    ifaces.clear(); // interface ids are per section
                }
                case 1 -> { // Interface Description Block
                    if (bodyLen < 8) throw new CorruptInputException("pcapng interface block at offset " + at + " is too short");
                    if (ifaces.size() >= MAX_INTERFACES) throw new CorruptInputException("more than " + MAX_INTERFACES + " interfaces in a section");
                    Iface f = new Iface(u16(buf, 0, big));
                    readIfaceOptions(f, 8, bodyLen, big, at);
                    ifaces.add(f);
                }
                case 6 -> { // Enhanced Packet Block
                    if (bodyLen < 20) throw new CorruptInputException("pcapng packet block at offset " + at + " is too short");
                    long id = u32(buf, 0, big);
                    long ts = (u32(buf, 4, big) << 32) | u32(buf, 8, big);
                    long cap = u32(buf, 12, big);
                    if (cap > bodyLen - 20) {
                        throw new CorruptInputException("pcapng packet block at offset " + at + " claims " + cap
                                + " captured bytes in a block of " + total + ": the file is corrupt");
                    }
                    if (id >= ifaces.size()) {
                        handler.warn("packet at offset " + at + " names interface " + id + ", which was not described; skipped");
                        continue;
                    }
                    Iface f = ifaces.get((int) id);
                    lastTime = f.nanos(ts);
                    stats.packets++;
                    handler.packet(f.linkType, lastTime, buf, 20, (int) cap);
                }
                case 2 -> { // obsolete Packet Block
                    if (bodyLen < 20) throw new CorruptInputException("pcapng packet block at offset " + at + " is too short");
                    int id = u16(buf, 0, big);
                    long ts = (u32(buf, 4, big) << 32) | u32(buf, 8, big);
                    long cap = u32(buf, 12, big);
                    if (cap > bodyLen - 20) throw new CorruptInputException("pcapng packet block at offset " + at + " claims more bytes than it holds");
                    if (id >= ifaces.size()) {
                        handler.warn("packet at offset " + at + " names interface " + id + ", which was not described; skipped");
                        continue;
                    }
                    Iface f = ifaces.get(id);
                    lastTime = f.nanos(ts);
                    stats.packets++;
                    handler.packet(f.linkType, lastTime, buf, 20, (int) cap);
                }
                case 3 -> { // Simple Packet Block: interface 0, no timestamp
                    if (bodyLen < 4) throw new CorruptInputException("pcapng simple packet block at offset " + at + " is too short");
                    if (ifaces.isEmpty()) {
                        handler.warn("simple packet block at offset " + at + " before any interface; skipped");
                        continue;
                    }
                    long orig = u32(buf, 0, big);
                    int cap = (int) Math.min(orig, bodyLen - 4);
                    stats.packets++;
                    // no timestamp in this block: the previous packet's time is used
                    handler.packet(ifaces.get(0).linkType, lastTime, buf, 4, cap);
                }
                case 4 -> readNames(bodyLen, big, at);
                default -> {
                    // statistics, decryption secrets, custom blocks: nothing for us
                }
            }
        }
    }

    private int fillAt(byte[] b, int off, int n) throws IOException {
        int got = in.readNBytes(b, off, n);
        offset += got;
        stats.bytes += got;
        return got;
    }

    private void readIfaceOptions(Iface f, int pos, int end, boolean big, long at) {
        int guard = 0;
        while (pos + 4 <= end && guard++ < 1024) {
            int code = u16(buf, pos, big);
            int len = u16(buf, pos + 2, big);
            int v = pos + 4;
            if (code == 0) break;
            if (v + len > end) {
                handler.warn("interface block at offset " + at + ": option " + code + " runs past the block; options ignored");
                break;
            }
            if (code == 9 && len >= 1) { // if_tsresol
                int r = buf[v] & 0xff;
                f.decimal = (r & 0x80) == 0;
                f.exponent = r & 0x7f;
                if (f.decimal && f.exponent > 18) {
                    handler.warn("interface block at offset " + at + ": time resolution 10^-" + f.exponent + " unsupported; microseconds assumed");
                    f.exponent = 6;
                }
            } else if (code == 14 && len >= 8) { // if_tsoffset
                long off = big ? (u32(buf, v, true) << 32) | u32(buf, v + 4, true)
                        : (u32(buf, v + 4, false) << 32) | u32(buf, v, false);
                // bounded so that adding it to a time cannot overflow
                f.offsetSeconds = Math.max(-(1L << 33), Math.min(1L << 33, off));
            }
            pos = v + ((len + 3) & ~3);
        }
    }

    private void readNames(int end, boolean big, long at) {
        int pos = 0;
        int guard = 0;
        while (pos + 4 <= end && guard++ < 100_000) {
            int type = u16(buf, pos, big);
            int len = u16(buf, pos + 2, big);
            int v = pos + 4;
            if (type == 0) return;
            if (v + len > end) {
                handler.warn("name resolution block at offset " + at + " has a record running past the block; rest ignored");
                return;
            }
            int addrLen = type == 1 ? 4 : type == 2 ? 16 : -1;
            if (addrLen > 0 && len > addrLen) {
                String ip = addrLen == 4 ? IpText.formatV4(buf, v) : IpText.formatV6(buf, v);
                int s = v + addrLen;
                int stop = v + len;
                while (s < stop) {
                    int z = s;
                    while (z < stop && buf[z] != 0) z++;
                    if (z > s && z - s <= 255) handler.name(ip, new String(buf, s, z - s, StandardCharsets.US_ASCII));
                    s = z + 1;
                }
            }
            pos = v + ((len + 3) & ~3);
        }
    }

    // ------------------------------------------------------------------ bytes

    static int le32(byte[] b, int o) {
        return (b[o] & 0xff) | ((b[o + 1] & 0xff) << 8) | ((b[o + 2] & 0xff) << 16) | ((b[o + 3] & 0xff) << 24);
    }

    static int u32i(byte[] b, int o, boolean big) {
        return big ? ((b[o] & 0xff) << 24) | ((b[o + 1] & 0xff) << 16) | ((b[o + 2] & 0xff) << 8) | (b[o + 3] & 0xff) : le32(b, o);
    }

    static long u32(byte[] b, int o, boolean big) {
        return u32i(b, o, big) & 0xffffffffL;
    }

    static int u16(byte[] b, int o, boolean big) {
        return big ? ((b[o] & 0xff) << 8) | (b[o + 1] & 0xff) : (b[o] & 0xff) | ((b[o + 1] & 0xff) << 8);
    }
}
