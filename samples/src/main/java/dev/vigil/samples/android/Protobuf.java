package dev.vigil.samples.android;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** A tiny protobuf wire-format writer for fixtures (varint and length-delimited fields). */
public final class Protobuf {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    public Protobuf varint(int field, long v) {
        key(field, 0);
        raw(v);
        return this;
    }

    public Protobuf string(int field, String s) {
        return bytes(field, s.getBytes(StandardCharsets.UTF_8));
    }

    public Protobuf message(int field, Protobuf m) {
        return bytes(field, m.toByteArray());
    }

    public Protobuf bytes(int field, byte[] b) {
        key(field, 2);
        raw(b.length);
        out.writeBytes(b);
        return this;
    }

    private void key(int field, int wt) {
        raw(((long) field << 3) | wt);
    }

    private void raw(long v) {
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }

    public byte[] toByteArray() {
        return out.toByteArray();
    }
}
