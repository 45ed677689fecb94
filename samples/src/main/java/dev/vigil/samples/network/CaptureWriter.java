package dev.vigil.samples.network;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes captures in the two formats Wireshark and tcpdump write: classic pcap (pcap-savefile
 * (5): 24-byte header, 16-byte record headers; microsecond or nanosecond magic, either byte
 * order) and pcapng (draft-ietf-opsawg-pcapng: section header, interface description with
 * if_tsresol, enhanced and simple packet blocks, name resolution block; either byte order).
 * Streaming: a gigabyte capture is written without holding it.
 */
public abstract class CaptureWriter implements AutoCloseable {
    protected final OutputStream out;
    protected final ByteOrder order;

    protected CaptureWriter(OutputStream out, ByteOrder order) {
        this.out = new BufferedOutputStream(out, 1 << 20);
        this.order = order;
    }

    /** Writes one frame of the given interface (pcap: always the file's one link type). */
    public abstract void packet(int iface, long timeNanos, byte[] frame) throws IOException;

    @Override
    public void close() throws IOException {
        out.close();
    }

    protected ByteBuffer buf(int n) {
        return ByteBuffer.allocate(n).order(order);
    }

    /** Classic pcap with a single link type. */
    public static final class Pcap extends CaptureWriter {
        private final boolean nanos;

        public Pcap(OutputStream out, int linkType, boolean nanos, boolean bigEndian) throws IOException {
            super(out, bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
            this.nanos = nanos;
            ByteBuffer h = buf(24);
            h.putInt(nanos ? 0xa1b23c4d : 0xa1b2c3d4);
            h.putShort((short) 2);
            h.putShort((short) 4);
            h.putInt(0);
            h.putInt(0);
            h.putInt(262144);
            h.putInt(linkType);
            this.out.write(h.array());
        }

        @Override
        public void packet(int iface, long t, byte[] frame) throws IOException {
            ByteBuffer h = buf(16);
            h.putInt((int) Math.floorDiv(t, 1_000_000_000L));
            long frac = Math.floorMod(t, 1_000_000_000L);
            h.putInt((int) (nanos ? frac : frac / 1000));
            h.putInt(frame.length);
            h.putInt(frame.length);
            out.write(h.array());
            out.write(frame);
        }
    }

    /** pcapng: call {@link #iface} for each interface before its packets. */
    public static final class Pcapng extends CaptureWriter {
        private final List<Integer> resolutions = new ArrayList<>();

        public Pcapng(OutputStream out, boolean bigEndian, String application) throws IOException {
            super(out, bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
            section(application);
        }

        /** Starts a new section (interface numbering restarts). */
        public void section(String application) throws IOException {
            resolutions.clear();
            byte[] opts = options(new int[] {4}, new byte[][] {application.getBytes(StandardCharsets.UTF_8)}); // shb_userappl
            ByteBuffer b = buf(16 + opts.length);
            b.putInt(0x1A2B3C4D);
            b.putShort((short) 1);
            b.putShort((short) 0);
            b.putLong(-1); // section length not given
            b.put(opts);
            block(0x0A0D0D0A, b.array());
        }

        /**
         * Describes an interface; {@code decimalDigits} is the timestamp resolution as a power of
         * ten (6 = microseconds, the default; 9 = nanoseconds). Returns its id.
         */
        public int iface(int linkType, int decimalDigits, String name) throws IOException {
            byte[] opts = options(new int[] {2, 9}, new byte[][] {name.getBytes(StandardCharsets.UTF_8), {(byte) decimalDigits}});
            ByteBuffer b = buf(8 + opts.length);
            b.putShort((short) linkType);
            b.putShort((short) 0);
            b.putInt(262144);
            b.put(opts);
            block(1, b.array());
            resolutions.add(decimalDigits);
            return resolutions.size() - 1;
        }

        @Override
        public void packet(int iface, long t, byte[] frame) throws IOException {
            int digits = resolutions.get(iface);
            long ts = t / pow10(9 - digits);
            int pad = (4 - frame.length % 4) % 4;
            ByteBuffer b = buf(20 + frame.length + pad);
            b.putInt(iface);
            b.putInt((int) (ts >>> 32));
            b.putInt((int) ts);
            b.putInt(frame.length);
            b.putInt(frame.length);
            b.put(frame);
            block(6, b.array());
        }

        /** A Simple Packet Block (interface 0, no timestamp). */
        public void simplePacket(byte[] frame) throws IOException {
            int pad = (4 - frame.length % 4) % 4;
            ByteBuffer b = buf(4 + frame.length + pad);
            b.putInt(frame.length);
            b.put(frame);
            block(3, b.array());
        }

        /** A Name Resolution Block: IPv4 or IPv6 literal -> name. */
        public void names(Map<String, String> names) throws IOException {
            ByteBuffer b = buf(65536);
            for (var e : names.entrySet()) {
                byte[] a = Packets.ip(e.getKey());
                byte[] n = (e.getValue() + "\0").getBytes(StandardCharsets.US_ASCII);
                int len = a.length + n.length;
                b.putShort((short) (a.length == 4 ? 1 : 2));
                b.putShort((short) len);
                b.put(a);
                b.put(n);
                for (int i = len; i % 4 != 0; i++) b.put((byte) 0);
            }
            b.putInt(0); // nrb_record_end
            byte[] body = new byte[b.position()];
            b.flip();
            b.get(body);
            block(4, body);
        }

        private byte[] options(int[] codes, byte[][] values) {
            int n = 4;
            for (byte[] v : values) n += 4 + ((v.length + 3) & ~3);
            ByteBuffer b = buf(n);
            for (int i = 0; i < codes.length; i++) {
                b.putShort((short) codes[i]);
                b.putShort((short) values[i].length);
                b.put(values[i]);
                for (int k = values[i].length; k % 4 != 0; k++) b.put((byte) 0);
            }
            b.putInt(0); // opt_endofopt
            return b.array();
        }

        private void block(int type, byte[] body) throws IOException {
            int total = 12 + body.length;
            ByteBuffer h = buf(8);
            h.putInt(type);
            h.putInt(total);
            out.write(h.array());
            out.write(body);
            ByteBuffer t = buf(4);
            t.putInt(total);
            out.write(t.array());
        }

        private static long pow10(int n) {
            long v = 1;
            for (int i = 0; i < n; i++) v *= 10;
            return v;
        }
    }
}
