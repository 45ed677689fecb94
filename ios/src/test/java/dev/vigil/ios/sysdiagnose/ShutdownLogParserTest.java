package dev.vigil.ios.sysdiagnose;

import dev.vigil.samples.ios.fs.PegasusDump;
import dev.vigil.samples.ios.fs.ShutdownLogs;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ShutdownLogParserTest {
    static ShutdownLogParser.Result parse(String s) throws IOException {
        return ShutdownLogParser.parse(new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8)));
    }

    static final String IMPLANT = "/private/var/db/com.apple.xpc.roleaccountd.staging/rolexd";

    @Test
    void headerPlusIndentedClients() throws IOException {
        var r = parse(ShutdownLogs.headerIndented(PegasusDump.demoShutdowns(IMPLANT)));
        assertThat(r.format()).isEqualTo("header-indented");
        assertThat(r.shutdowns()).hasSize(3);
        var delayed = r.shutdowns().get(1);
        assertThat(delayed.time()).isEqualTo(Instant.parse("2023-05-29T22:10:00Z"));
        assertThat(delayed.delayNotices()).isEqualTo(4);
        assertThat(delayed.maxDelay()).isEqualTo(2.03);
        assertThat(delayed.clients()).extracting(ShutdownLogParser.Client::path)
                .containsExactly("/System/Library/CoreServices/SpringBoard.app/SpringBoard", "/usr/libexec/locationd", IMPLANT);
        var implant = delayed.clients().get(2);
        assertThat(implant.pid()).isEqualTo(412);
        assertThat(implant.notices()).isEqualTo(4);
        assertThat(implant.maxDelay()).isEqualTo(2.03);
        assertThat(implant.indented()).isTrue();
        assertThat(implant.uuid()).isNull();
        assertThat(r.shutdowns().get(0).delayNotices()).isEqualTo(1);
    }

    @Test
    void classicBareLines() throws IOException {
        var r = parse(ShutdownLogs.classic(PegasusDump.demoShutdowns(IMPLANT)));
        assertThat(r.format()).isEqualTo("classic");
        assertThat(r.shutdowns()).hasSize(3);
        assertThat(r.shutdowns().get(1).delayNotices()).isZero();
        assertThat(r.shutdowns().get(1).clients()).hasSize(3);
        assertThat(r.shutdowns().get(1).clients().get(2).notices()).isEqualTo(4);
        assertThat(r.shutdowns().get(1).clients().get(2).indented()).isFalse();
    }

    @Test
    void ios26UuidSuffixIsSplitFromThePath() throws IOException {
        var r = parse(ShutdownLogs.ios26(PegasusDump.demoShutdowns(IMPLANT)));
        assertThat(r.format()).isEqualTo("ios26-uuid");
        var c = r.shutdowns().get(1).clients().get(2);
        assertThat(c.path()).isEqualTo(IMPLANT);
        assertThat(c.rawPath()).isEqualTo(IMPLANT + "/" + ShutdownLogs.uuidFor(IMPLANT));
        assertThat(c.uuid()).isEqualTo(ShutdownLogs.uuidFor(IMPLANT));
    }

    @Test
    void atTimestampFormMissingSigtermAndGarbage() throws IOException {
        String log = """
                After 0.50s, these clients are still here:
                \t\tremaining client pid: 12 (/usr/libexec/a (with parens))
                \t\tremaining client pid: notanumber (/x)
                SIGTERM: All buffers flushed @1685613600
                \u0000\u0001binary junk\u00ff
                After 0.50s, these clients are still here:
                \t\tremaining client pid: 13 (/usr/libexec/b)
                """;
        var r = parse(log);
        assertThat(r.shutdowns()).hasSize(2);
        assertThat(r.shutdowns().get(0).time()).isEqualTo(Instant.ofEpochSecond(1685613600));
        assertThat(r.shutdowns().get(0).clients()).extracting(ShutdownLogParser.Client::path).containsExactly("/usr/libexec/a (with parens)");
        assertThat(r.malformed()).isEqualTo(1);
        assertThat(r.shutdowns().get(1).time()).isNull();
        assertThat(r.shutdowns().get(1).clients()).hasSize(1);
    }

    @Test
    void overlongLinesAreCutNotLoaded() throws IOException {
        String huge = "x".repeat(3 << 20);
        var r = parse("remaining client pid: 1 (/a)\n" + huge + "\nSIGTERM: [1685613600]\n");
        assertThat(r.cutLines()).isEqualTo(1);
        assertThat(r.shutdowns()).hasSize(1);
        assertThat(r.shutdowns().get(0).clients()).hasSize(1);
    }

    @Test
    void emptyLogHasNoShutdowns() throws IOException {
        var r = parse("");
        assertThat(r.shutdowns()).isEmpty();
        assertThat(r.format()).isEqualTo("unknown");
        assertThat(List.of(r.lines())).containsExactly(0L);
    }
}
