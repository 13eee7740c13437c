package org.keyledger.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keyledger.platform.LedgerDefaults;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class LocalModeTest {

    @TempDir
    Path temp;

    @Test
    void theDevelopmentKeyIsGeneratedOnceAndKept() throws Exception {
        Path file = temp.resolve("data/dev-instance-key");
        String first = LocalMode.developmentKey(file);
        assertThat(first).matches("sk_test_[0-9A-Za-z]{40}");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(LocalMode.developmentKey(file)).isEqualTo(first);
    }

    @Test
    void aSettingCountsOnlyWhenTheOperatorMadeIt() {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addLast(new MapPropertySource(LedgerDefaults.SOURCE_NAME,
                Map.of("spring.datasource.url", "jdbc:postgresql://127.0.0.1:5432/ledger")));
        assertThat(LocalMode.isSet(environment, "LEDGER_DB_URL_FOR_THIS_TEST", "spring.datasource.url")).isFalse();

        environment.getPropertySources().addFirst(new MapPropertySource("blank",
                Map.of("LEDGER_DB_URL_FOR_THIS_TEST", " ")));
        assertThat(LocalMode.isSet(environment, "LEDGER_DB_URL_FOR_THIS_TEST", "spring.datasource.url")).isFalse();

        environment.getPropertySources().addFirst(new MapPropertySource("operator",
                Map.of("LEDGER_DB_URL_FOR_THIS_TEST", "jdbc:postgresql://db:5432/ledger")));
        assertThat(LocalMode.isSet(environment, "LEDGER_DB_URL_FOR_THIS_TEST", "spring.datasource.url")).isTrue();
    }
}
