package org.keyledger.command.api;

import tools.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.keyledger.command.support.CommandServiceTest;
import org.keyledger.platform.test.LedgerClient;
import org.keyledger.platform.test.LedgerTestEnvironment;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.keyledger.platform.test.LedgerClient.fields;
import static org.keyledger.platform.test.LedgerClient.newName;
import static org.keyledger.platform.test.LedgerClient.newSubject;

/** Every event says who asked (by key fingerprint, never the key), in which request, from where, with what. */
class EventMetadataHttpTest extends CommandServiceTest {

    private record StoredEvent(String payloadType, String metaData, String payload) {
        JsonNode meta() {
            try {
                return LedgerClient.JSON.readTree(metaData);
            } catch (Exception e) {
                throw new AssertionError("meta_data is not JSON: " + metaData, e);
            }
        }
    }

    private List<StoredEvent> events(String keyId) {
        return jdbc.sql("""
                        select payload_type, convert_from(meta_data, 'UTF8') as meta, convert_from(payload, 'UTF8') as payload
                        from domain_event_entry where aggregate_identifier = ? order by sequence_number""")
                .param(keyId)
                .query((rs, row) -> new StoredEvent(rs.getString(1), rs.getString(2), rs.getString(3)))
                .list();
    }

    static String fingerprint(String instanceKey) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(instanceKey.getBytes(StandardCharsets.UTF_8));
            return "key_" + HexFormat.of().formatHex(digest).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void everyWriteRecordsActorRequestIdClientAddressAndUserAgent() {
        LedgerClient.Response created = http.create(fields("name", newName(), "subject", newSubject()));
        String id = created.id();
        LedgerClient.Response updated = http.patch(id, fields("description", "changed"));
        LedgerClient.Response revoked = http.revoke(id, fields("revocation_reason", "done"));
        LedgerClient.Response deleted = http.delete(id);
        List<LedgerClient.Response> responses = List.of(created, updated, revoked, deleted);
        assertThat(responses).extracting(LedgerClient.Response::status).containsExactly(200, 200, 200, 200);

        List<StoredEvent> events = events(id);

        assertThat(events).extracting(StoredEvent::payloadType).containsExactly(
                "org.keyledger.events.ApiKeyCreated", "org.keyledger.events.ApiKeyUpdated",
                "org.keyledger.events.ApiKeyRevoked", "org.keyledger.events.ApiKeyDeleted");
        for (int i = 0; i < events.size(); i++) {
            JsonNode meta = events.get(i).meta();
            assertThat(meta.path("actor").asString()).isEqualTo(fingerprint(LedgerTestEnvironment.INSTANCE_KEY))
                    .matches("key_[0-9a-f]{12}");
            assertThat(meta.path("requestId").asString()).isEqualTo(responses.get(i).requestId()).isNotBlank();
            assertThat(meta.path("clientAddress").asString()).isEqualTo("127.0.0.1");
            assertThat(meta.path("userAgent").asString()).isEqualTo(LedgerClient.USER_AGENT);
            assertThat(events.get(i).metaData()).doesNotContain(LedgerTestEnvironment.INSTANCE_KEY);
        }
        assertThat(responses).extracting(LedgerClient.Response::requestId).doesNotHaveDuplicates();
    }

    @Test
    void theActorIsTheFingerprintOfTheKeyThatAuthenticated() {
        LedgerClient.Response created = http.request("POST", "/v1/api_keys")
                .bearer(LedgerTestEnvironment.OTHER_INSTANCE_KEY)
                .json(fields("name", newName(), "subject", newSubject())).send();
        assertThat(created.status()).isEqualTo(200);

        JsonNode meta = events(created.id()).get(0).meta();

        assertThat(meta.path("actor").asString()).isEqualTo(fingerprint(LedgerTestEnvironment.OTHER_INSTANCE_KEY))
                .isNotEqualTo(fingerprint(LedgerTestEnvironment.INSTANCE_KEY));
    }

    @Test
    void aSaneRequestIdFromTheClientIsKeptEverywhere() {
        String requestId = "trace-" + LedgerClient.random(10) + ":1.2_3";

        LedgerClient.Response created = http.request("POST", "/v1/api_keys").header("X-Request-Id", requestId)
                .json(fields("name", newName(), "subject", newSubject())).send();

        assertThat(created.requestId()).isEqualTo(requestId);
        assertThat(events(created.id()).get(0).meta().path("requestId").asString()).isEqualTo(requestId);
    }

    @Test
    void anUnsafeRequestIdFromTheClientIsReplaced() {
        for (String unsafe : List.of("has spaces in it", "x".repeat(129), "<script>", "a\"b")) {
            LedgerClient.Response created = http.request("POST", "/v1/api_keys").header("X-Request-Id", unsafe)
                    .json(fields("name", newName(), "subject", newSubject())).send();

            assertThat(created.requestId()).isNotEqualTo(unsafe).matches("req_[0-9a-f]{32}");
            assertThat(events(created.id()).get(0).meta().path("requestId").asString())
                    .isEqualTo(created.requestId());
        }
    }

    @Test
    void aRejectedRequestsTraceIdIsItsRequestId() {
        LedgerClient.Response rejected = http.request("POST", "/v1/api_keys").header("X-Request-Id", "my-trace-42")
                .json(fields("name", "ab", "subject", newSubject())).send();

        assertThat(rejected.status()).isEqualTo(400);
        assertThat(rejected.requestId()).isEqualTo("my-trace-42");
        assertThat(rejected.json().get("clerk_trace_id").asString()).isEqualTo("my-trace-42");
    }

    /** Over the whole store, whichever test wrote the rows: no event lacks its metadata or holds an instance key. */
    @Test
    void everyStoredEventCarriesTheMetadataAndNoInstanceKey() {
        http.createKey(newSubject(), newName());
        List<Map<String, Object>> rows = jdbc.sql("""
                        select global_index, convert_from(meta_data, 'UTF8') as meta, convert_from(payload, 'UTF8') as payload
                        from domain_event_entry order by global_index""")
                .query().listOfRows();

        assertThat(rows).isNotEmpty();
        for (Map<String, Object> row : rows) {
            String metaText = (String) row.get("meta");
            assertThat(metaText).as("meta_data of event %s", row.get("global_index")).isNotNull();
            JsonNode meta = new StoredEvent(null, metaText, null).meta();
            assertThat(meta.path("actor").asString()).as("actor of %s", row).matches("key_[0-9a-f]{12}");
            assertThat(meta.path("requestId").asString()).as("requestId of %s", row).isNotBlank();
            assertThat(meta.path("clientAddress").asString()).as("clientAddress of %s", row).isNotBlank();
            assertThat(meta.path("userAgent").asString()).as("userAgent of %s", row).isNotBlank();
            for (String key : List.of(LedgerTestEnvironment.INSTANCE_KEY, LedgerTestEnvironment.OTHER_INSTANCE_KEY)) {
                assertThat(metaText).doesNotContain(key);
                assertThat((String) row.get("payload")).doesNotContain(key);
            }
        }
    }
}
