package org.keyledger.command.apikey;

import org.axonframework.config.Configuration;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.eventsourcing.AggregateFactory;
import org.junit.jupiter.api.Test;
import org.keyledger.command.support.CommandServiceTest;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.keyledger.platform.test.LedgerClient.newName;
import static org.keyledger.platform.test.LedgerClient.newSubject;

/** The repository Axon built for keys makes each one with its constructor (ArrivalConfiguration), and it works. */
class ApiKeyRepositoryTest extends CommandServiceTest {

    @Autowired
    private Configuration axon;

    @Autowired
    private AggregateFactory<ApiKey> apiKeyAggregateFactory;

    @Test
    void keysAreMadeByTheirConstructorNotAsSpringBeans() {
        assertThat(axon.repository(ApiKey.class)).isInstanceOfSatisfying(EventSourcingRepository.class,
                repository -> assertThat(repository.getAggregateFactory()).isSameAs(apiKeyAggregateFactory));

        JsonNode created = http.createKey(newSubject(), newName());
        assertThat(http.send("POST", "/v1/api_keys/" + created.get("id").asString() + "/revoke",
                "{\"revocation_reason\":\"rotated\"}").status()).isEqualTo(200);
    }
}
