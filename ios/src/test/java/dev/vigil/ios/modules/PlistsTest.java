package dev.vigil.ios.modules;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PlistsTest {
    /** A binary plist whose only object is an array containing itself. */
    static byte[] selfContainingArray() {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.writeBytes("bplist00".getBytes(StandardCharsets.US_ASCII));
        o.write(0xA1); // array of one element
        o.write(0x00); // ... which is object 0: itself
        o.write(0x08); // offset table: object 0 at offset 8
        byte[] trailer = new byte[32];
        trailer[6] = 1; // offset int size
        trailer[7] = 1; // object ref size
        trailer[15] = 1; // number of objects
        trailer[23] = 0; // top object
        trailer[31] = 10; // offset table offset
        o.writeBytes(trailer);
        return o.toByteArray();
    }

    @Test
    @Timeout(10)
    void cyclicBinaryPlistNeitherHangsNorEscapes() {
        try {
            Plists.parse(selfContainingArray(), "cyclic");
        } catch (IOException e) {
            assertThat(e.getMessage()).startsWith("cyclic");
        }
    }

    @Test
    void entityDeclarationsAreRefused() {
        String xml = "<?xml version=\"1.0\"?><!DOCTYPE plist [<!ENTITY e \"x\">]><plist><string>&e;</string></plist>";
        assertThatThrownBy(() -> Plists.parse(xml.getBytes(StandardCharsets.UTF_8), "x.plist"))
                .isInstanceOf(IOException.class).hasMessage("x.plist declares XML entities: refused");
    }

    @Test
    void garbageIsAClearError() {
        assertThatThrownBy(() -> Plists.parse("not a plist at all".getBytes(StandardCharsets.UTF_8), "g.plist"))
                .isInstanceOf(IOException.class).hasMessageStartingWith("g.plist");
        assertThatThrownBy(() -> Plists.parse(new byte[0], "e.plist")).hasMessage("e.plist is empty");
    }
}
