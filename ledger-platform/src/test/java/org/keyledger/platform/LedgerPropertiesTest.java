package org.keyledger.platform;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class LedgerPropertiesTest {

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(LedgerPropertiesAutoConfiguration.class))
            .withPropertyValues("ledger.data-dir=./data");

    @Test
    void everySettingHasItsDocumentedDefault() {
        context.run(started -> {
            LedgerProperties settings = started.getBean(LedgerProperties.class);
            assertThat(settings.readYourWrites().timeout()).isEqualTo(Duration.ofSeconds(5));
            assertThat(settings.verify().maxProjectionLag()).isEqualTo(Duration.ofSeconds(2));
            assertThat(settings.verify().cache()).isEqualTo(new LedgerProperties.Cache(true, Duration.ofSeconds(10),
                    1_000_000, Duration.ofSeconds(2), true));
            assertThat(settings.usage()).isEqualTo(new LedgerProperties.Usage(Duration.ofMillis(500), 100_000));
            assertThat(settings.kafka()).isEqualTo(new LedgerProperties.Kafka(3, (short) 1, Duration.ofSeconds(10)));
            assertThat(settings.projection().startupTimeout()).isEqualTo(Duration.ofSeconds(30));
        });
    }

    @Test
    void settingsAreReadUnderTheirPropertyNames() {
        context.withPropertyValues("ledger.verify.max-projection-lag=1s", "ledger.read-your-writes.timeout=3s",
                        "ledger.verify.cache.lease=1500ms", "ledger.kafka.partitions=6")
                .run(started -> {
                    LedgerProperties settings = started.getBean(LedgerProperties.class);
                    assertThat(settings.verify().maxProjectionLag()).isEqualTo(Duration.ofSeconds(1));
                    assertThat(settings.readYourWrites().timeout()).isEqualTo(Duration.ofSeconds(3));
                    assertThat(settings.verify().cache().lease()).isEqualTo(Duration.ofMillis(1500));
                    assertThat(settings.kafka().partitions()).isEqualTo(6);
                });
    }

    @Test
    void aProjectionLagBoundNotBelowTheWriteTimeoutStopsTheStartWithTheReason() {
        context.withPropertyValues("ledger.verify.max-projection-lag=5s", "ledger.read-your-writes.timeout=5s")
                .run(started -> assertThat(started).hasFailed().getFailure()
                        .rootCause().hasMessageContaining("ledger.verify.max-projection-lag must be less than "
                                + "ledger.read-your-writes.timeout"));
    }

    @Test
    void aMissingDataDirectoryStopsTheStart() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(LedgerPropertiesAutoConfiguration.class))
                .run(started -> assertThat(started).hasFailed());
    }
}
