package dev.vigil.cli.serve;

import dev.vigil.cli.Main;
import dev.vigil.server.store.CaseStore;
import dev.vigil.server.store.JdbcCaseStore;
import dev.vigil.server.store.PasswordHasher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ServeCommandTest {
    @Test
    void createsTheFirstAdministratorFromAPasswordFile(@TempDir Path tmp) throws Exception {
        Path pw = Files.writeString(tmp.resolve("pw"), "a long enough password\n");
        Path data = tmp.resolve("data");
        assertThat(Main.run("serve", "--data", data.toString(), "--create-admin", "boss", "--password-file", pw.toString())).isZero();
        try (JdbcCaseStore store = JdbcCaseStore.open("jdbc:sqlite:" + data.resolve("cases.db"))) {
            assertThat(store.users()).extracting(CaseStore.User::name, CaseStore.User::role).containsExactly(org.assertj.core.groups.Tuple.tuple("boss", CaseStore.Role.ADMIN));
            assertThat(PasswordHasher.verify("a long enough password".toCharArray(), store.passwordHash("boss").orElseThrow())).isTrue();
        }
        // the same name again, or a short password, is a usage error
        assertThat(Main.run("serve", "--data", data.toString(), "--create-admin", "boss", "--password-file", pw.toString())).isEqualTo(2);
        Files.writeString(pw, "short");
        assertThat(Main.run("serve", "--data", data.toString(), "--create-admin", "other", "--password-file", pw.toString())).isEqualTo(2);
    }

    @Test
    void refusesAnUnsupportedDatabase(@TempDir Path tmp) {
        assertThat(Main.run("serve", "--data", tmp.toString(), "--database", "jdbc:mysql://x/y", "--create-admin", "x")).isEqualTo(1);
    }
}
