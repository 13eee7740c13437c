package org.keyledger.system;

import com.clerk.backend_api.Clerk;
import com.clerk.backend_api.models.errors.ClerkError;
import com.clerk.backend_api.models.operations.CreateApiKeyRequestBody;
import com.clerk.backend_api.models.operations.CreateApiKeyResponseBody;
import com.clerk.backend_api.models.operations.GetApiKeyResponseBody;
import com.clerk.backend_api.models.operations.GetApiKeysRequest;
import com.clerk.backend_api.models.operations.GetApiKeysResponseBody;
import com.clerk.backend_api.models.operations.RevokeApiKeyRequestBody;
import com.clerk.backend_api.models.operations.UpdateApiKeyRequestBody;
import com.clerk.backend_api.models.operations.VerifyApiKeyRequestBody;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keyledger.platform.test.LedgerTestEnvironment;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A key's whole life through Clerk's official Java SDK, unchanged, against both services of a split ledger: every
 * write is visible to the next read at once, and the audit trail has every step.
 */
@SplitLedgerTest
class ClerkSdkLifecycleTest {

    private static SplitLedger ledger;
    private static Clerk writes;
    private static Clerk reads;

    @BeforeAll
    static void sdks() {
        writes = sdk(ledger.commandUrl());
        reads = sdk(ledger.queryUrl());
    }

    private static Clerk sdk(String base) {
        return Clerk.builder().serverURL(base + "/v1").bearerAuth(LedgerTestEnvironment.INSTANCE_KEY).build();
    }

    @Test
    void aKeysWholeLifeThroughTheSdk() throws Exception {
        CreateApiKeyResponseBody created = writes.apiKeys().createApiKey(CreateApiKeyRequestBody.builder()
                .name("sdk-lifecycle").subject(SplitLedger.SUBJECT).description("through the SDK")
                .claims(Map.of("tenant", "t_1")).scopes(List.of("read", "write"))
                .secondsUntilExpiration(3600).build()).object().orElseThrow();
        String id = created.id();
        assertThat(created.secret()).matches("ak_[0-9A-Za-z]{46}");
        assertThat(created.revoked()).isFalse();
        assertThat(created.expiration()).isPresent();

        GetApiKeyResponseBody got = reads.apiKeys().getApiKey(id).object().orElseThrow();
        assertThat(got.name()).isEqualTo("sdk-lifecycle");
        assertThat(got.scopes()).containsExactly("read", "write");
        assertThat(got.claims()).contains(Map.of("tenant", "t_1"));

        GetApiKeysResponseBody listed = reads.apiKeys().getApiKeys(GetApiKeysRequest.builder()
                .subject(SplitLedger.SUBJECT).query("LIFECYCLE").limit(10).offset(0).build()).object().orElseThrow();
        assertThat(listed.totalCount()).isEqualTo(1.0);
        assertThat(listed.data()).extracting(k -> k.id()).containsExactly(id);

        var updated = writes.apiKeys().updateApiKey(id, UpdateApiKeyRequestBody.builder()
                .description("updated").scopes(List.of("read")).build()).object().orElseThrow();
        assertThat(updated.description().get()).isEqualTo("updated");
        assertThat(reads.apiKeys().getApiKey(id).object().orElseThrow().scopes()).containsExactly("read");

        assertThat(reads.apiKeys().getApiKeySecret(id).object().orElseThrow().secret()).isEqualTo(created.secret());

        var verified = reads.apiKeys().verifyApiKey(VerifyApiKeyRequestBody.builder()
                .secret(created.secret()).build()).object().orElseThrow();
        assertThat(verified.id()).isEqualTo(id);

        var revoked = writes.apiKeys().revokeApiKey(id, RevokeApiKeyRequestBody.builder()
                .revocationReason("rotated").build()).object().orElseThrow();
        assertThat(revoked.revoked()).isTrue();
        assertThat(revoked.revocationReason()).contains("rotated");

        assertThatThrownBy(() -> reads.apiKeys().verifyApiKey(VerifyApiKeyRequestBody.builder()
                .secret(created.secret()).build()))
                .isInstanceOfSatisfying(ClerkError.class, e -> assertThat(e.code()).isEqualTo(404));

        var deleted = writes.apiKeys().deleteApiKey(id).object().orElseThrow();
        assertThat(deleted.deleted()).isTrue();
        assertThatThrownBy(() -> reads.apiKeys().getApiKey(id))
                .isInstanceOfSatisfying(ClerkError.class, e -> assertThat(e.code()).isEqualTo(404));
        assertThatThrownBy(() -> reads.apiKeys().getApiKeySecret(id))
                .isInstanceOfSatisfying(ClerkError.class, e -> assertThat(e.code()).isEqualTo(404));

        JsonNode audit = JsonMapper.shared().readTree(
                ledger.reads().send("GET", "/v1/api_keys/" + id + "/events", null).body());
        assertThat(audit.get("total_count").asInt()).isEqualTo(4);
        assertThat(audit.get("data").valueStream().map(e -> e.get("type").asString()).toList())
                .containsExactly("api_key.created", "api_key.updated", "api_key.revoked", "api_key.deleted");
        assertThat(audit.get("data").get(1).get("changed").valueStream().map(JsonNode::asString).toList())
                .containsExactly("description", "scopes");
        assertThat(audit.get("data").get(2).get("data").get("revocation_reason").asString()).isEqualTo("rotated");
        assertThat(audit.get("data").valueStream().map(e -> e.get("actor").asString()).distinct().toList())
                .singleElement().asString().startsWith("key_");
        assertThat(audit.toString()).doesNotContain(created.secret());
    }
}
