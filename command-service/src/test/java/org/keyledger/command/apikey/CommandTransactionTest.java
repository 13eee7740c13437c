package org.keyledger.command.apikey;

import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.junit.jupiter.api.Test;
import org.keyledger.command.secret.SecretIssuer;
import org.keyledger.command.support.CommandServiceTest;
import tools.jackson.databind.JsonNode;
import org.keyledger.events.ApiKeyId;
import org.keyledger.platform.RequestMetadata;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.keyledger.platform.test.LedgerClient.newName;
import static org.keyledger.platform.test.LedgerClient.newSubject;

/**
 * The name claim and the data key are written in the same transaction as the key's event: when the event cannot be
 * appended, neither is left behind.
 */
class CommandTransactionTest extends CommandServiceTest {

    @Autowired
    private CommandGateway commands;

    @Autowired
    private SecretIssuer secrets;

    @Test
    void whenTheEventCannotBeAppendedTheNameAndDataKeyAreRolledBack() {
        String subject = newSubject();
        JsonNode created = http.createKey(subject, newName());
        ApiKeyId id = ApiKeyId.of(created.get("id").asString());
        assertThat(http.delete(id.value()).status()).isEqualTo(200);
        List<Long> before = rowCounts();

        // a second ApiKeyCreated for the same id: its name is free and its data key slot empty, but the event store
        // already holds sequence 0 of this aggregate, so the append fails at commit
        String otherName = newName();
        SecretIssuer.Issued issued = secrets.issue(id);
        CreateApiKey again = new CreateApiKey(id, null, otherName, subject, null, null, null, null, null,
                issued.sealed().secret(), issued.sealed().wrappedDataKey());
        Throwable failure = catchThrowable(() -> commands.sendAndWait(GenericCommandMessage.asCommandMessage(again)
                .andMetaData(new RequestMetadata("key_000000000000", "req_test", "127.0.0.1", "test").asMetaData())));

        assertThat(failure).isInstanceOf(AggregateStreamCreationException.class);
        assertNothingWritten(before);
        assertThat(jdbc.sql("select count(*) from api_key_name where subject = ? and name = ?")
                .params(subject, otherName).query(Long.class).single()).isZero();
        assertThat(jdbc.sql("select count(*) from api_key_data_key where api_key_id = ?").param(id.value())
                .query(Long.class).single()).isZero();
        assertThat(eventTypes(id.value())).containsExactly("org.keyledger.events.ApiKeyCreated",
                "org.keyledger.events.ApiKeyDeleted");
    }
}
