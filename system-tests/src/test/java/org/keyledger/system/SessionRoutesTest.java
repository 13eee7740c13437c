package org.keyledger.system;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.keyledger.messages.LedgerTopics;
import org.keyledger.platform.test.LedgerClient;
import org.keyledger.platform.test.SessionTokenSigner;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.keyledger.platform.test.ClerkAssertions.assertClerkError;
import static org.keyledger.platform.test.ClerkAssertions.ids;
import static org.keyledger.platform.test.ClerkAssertions.json;
import static org.keyledger.platform.test.LedgerClient.BEARER;
import static org.keyledger.platform.test.LedgerClient.newSubject;
import static org.keyledger.platform.test.LedgerClient.unknownId;

/**
 * The user-scoped routes with session tokens the test signs itself, as clerk-js sends them ({@code Content-Type}
 * on every call, its own query parameters, {@code //api_keys} behind a proxyUrl): a session lists, creates and
 * revokes its user's and its organization's keys, and nothing else.
 */
@SplitLedgerTest(lifecycle = SplitLedgerTest.Lifecycle.CLASS)
class SessionRoutesTest {

    private static final String CLERK_PARAMETERS = "__clerk_api_version=2025-11-10&_clerk_js_version=6.40.0"
            + "&_clerk_session_id=sess_x&__clerk_db_jwt=dvb_x&_clerk_retry_attempt=1";
    private static final SessionTokenSigner SIGNER = SessionTokenSigner.generate();

    private static SplitLedger ledger;

    @SplitLedgerProperties
    static List<String> sessionTokens() {
        return List.of("ledger.session.jwt-key=" + SIGNER.publicKeyPem(),
                "ledger.session.issuer=" + SessionTokenSigner.ISSUER,
                "ledger.session.authorized-parties=" + SessionTokenSigner.PARTY + ",http://other.ledger.test");
    }

    /** A call with a session token to one service (the command service for writes, a query service for reads). */
    private static LedgerClient.Response as(String token, LedgerClient service, String method, String path,
                                            String body, String... headers) {
        String[] all = new String[headers.length + 2];
        all[0] = "Content-Type"; // clerk-js sends it on GET too
        all[1] = "application/json";
        System.arraycopy(headers, 0, all, 2, headers.length);
        return service.sendAs("Bearer " + token, method, path, body, body == null ? all : headers);
    }

    private static LedgerClient.Response list(String token, String subject, String more) {
        return as(token, ledger.reads(), "GET", "/api_keys?subject=" + subject + "&limit=10&offset=0&"
                + CLERK_PARAMETERS + (more == null ? "" : "&" + more), null);
    }

    private static LedgerClient.Response create(String token, String subject, String name) {
        return as(token, ledger.writes(), "POST", "/api_keys?" + CLERK_PARAMETERS, "{\"type\":\"api_key\",\"name\":\""
                + name + "\",\"subject\":\"" + subject + "\",\"description\":\"from the browser\","
                + "\"seconds_until_expiration\":3600}");
    }

    private static LedgerClient.Response revoke(String token, String id) {
        return as(token, ledger.writes(), "POST", "/api_keys/" + id + "/revoke?" + CLERK_PARAMETERS,
                "{\"revocation_reason\":\"no longer needed\"}");
    }

    private static String user(String subject) {
        return SIGNER.claims(subject).sign();
    }

    @Test
    void aUserCreatesListsAndRevokesTheirKeysAndARevokedKeyLeavesTheirList() {
        String subject = newSubject();
        String token = user(subject);

        JsonNode created = json(create(token, subject, "browser-key"), 200);
        assertThat(created.get("secret").asString()).startsWith("ak_");
        assertThat(created.get("subject").asString()).isEqualTo(subject);
        assertThat(created.get("created_by").asString()).isEqualTo(subject);
        assertThat(created.get("description").asString()).isEqualTo("from the browser");
        assertThat(created.has("client")).isFalse();
        String id = created.get("id").asString();

        JsonNode listed = json(list(token, subject, null), 200);
        assertThat(ids(listed)).containsExactly(id);
        assertThat(listed.get("total_count").asLong()).isEqualTo(1);
        assertThat(listed.has("client")).isFalse();

        JsonNode revoked = json(revoke(token, id), 200);
        assertThat(revoked.get("revoked").asBoolean()).isTrue();
        assertThat(revoked.get("revocation_reason").asString()).isEqualTo("no longer needed");

        JsonNode after = json(list(token, subject, "include_invalid=true"), 200);
        assertThat(ids(after)).isEmpty();
        assertThat(after.get("total_count").asLong()).isZero();
        assertThat(ids(json(ledger.reads().get("/v1/api_keys?subject=" + subject + "&include_invalid=true"), 200)))
                .containsExactly(id);
        assertThat(ledger.reads().send("POST", "/v1/api_keys/verify", "{\"secret\":\""
                + created.get("secret").asString() + "\"}").status()).isEqualTo(404);
    }

    @Test
    void anotherUsersSubjectIs403() {
        String subject = newSubject();
        String other = newSubject();
        ledger.writes().createKey(other, "theirs");
        assertClerkError(list(user(subject), other, null), 403, "authorization_invalid", null);
        assertClerkError(create(user(subject), other, "mine-now"), 403, "authorization_invalid", null);
        assertThat(ids(json(ledger.reads().get("/v1/api_keys?subject=" + other), 200))).hasSize(1);
    }

    @Test
    void anOrganizationMemberListsButOnlyAManagerCreatesAndRevokes() {
        String org = newSubject().replace("user_", "org_");
        String memberId = newSubject();
        String managerId = newSubject();
        String member = SIGNER.claims(memberId).organization(org, "member", "org:sys_memberships:read").sign();
        String manager = SIGNER.claims(managerId).organizationV1(org, "org:admin", List.of()).sign();
        JsonNode existing = ledger.writes().createKey(org, "team-key");

        assertThat(ids(json(list(member, org, null), 200))).containsExactly(existing.get("id").asString());
        assertClerkError(create(member, org, "by-member"), 403, "authorization_invalid", null);
        assertClerkError(revoke(member, existing.get("id").asString()), 403, "authorization_invalid", null);

        JsonNode created = json(create(manager, org, "by-manager"), 200);
        assertThat(created.get("subject").asString()).isEqualTo(org);
        assertThat(created.get("created_by").asString()).isEqualTo(managerId);
        assertThat(json(revoke(manager, existing.get("id").asString()), 200).get("revoked").asBoolean()).isTrue();
        assertThat(ids(json(list(member, org, null), 200))).containsExactly(created.get("id").asString());

        // the member's own keys are theirs to manage, organization or not
        assertThat(json(create(member, memberId, "own"), 200).get("subject").asString()).isEqualTo(memberId);
    }

    @Test
    void thePermissionToManageKeysMakesAMemberAManager() {
        String org = newSubject().replace("user_", "org_");
        String token = SIGNER.claims(newSubject()).organization(org, "member", "org:sys_api_keys:manage").sign();
        assertThat(json(create(token, org, "permitted"), 200).get("subject").asString()).isEqualTo(org);
    }

    @Test
    void revokingAKeyOfAnotherSubjectIs404LikeAKeyThatDoesNotExist() {
        String subject = newSubject();
        JsonNode theirs = ledger.writes().createKey(newSubject(), "theirs");
        JsonNode error = assertClerkError(revoke(user(subject), theirs.get("id").asString()), 404, "resource_not_found",
                null);
        JsonNode unknown = assertClerkError(revoke(user(subject), unknownId()), 404, "resource_not_found", null);
        assertThat(error).isEqualTo(unknown);
        assertThat(json(ledger.reads().get("/v1/api_keys/" + theirs.get("id").asString()), 200).get("revoked")
                .asBoolean())
                .isFalse();
    }

    @Test
    void scopesClaimsAndCreatedByInASessionsBodyAre400NamingTheField() {
        String subject = newSubject();
        for (String field : List.of("\"scopes\":[\"admin\"]", "\"claims\":{\"role\":\"root\"}",
                "\"created_by\":\"user_someone\"", "\"scopes\":null")) {
            String name = field.substring(1, field.indexOf('"', 1));
            assertClerkError(as(user(subject), ledger.writes(), "POST", "/api_keys", "{\"name\":\"k\",\"subject\":\""
                    + subject + "\"," + field + "}"), 400, "bad_request", name);
        }
        assertThat(ids(json(ledger.reads().get("/v1/api_keys?subject=" + subject + "&include_invalid=true"), 200)))
                .isEmpty();
    }

    @Test
    void withoutASubjectASessionCreatesForItsOrganizationElseItsUser() {
        String subject = newSubject();
        String body = "{\"name\":\"no-subject\"}";
        assertThat(json(as(user(subject), ledger.writes(), "POST", "/api_keys", body), 200).get("subject").asString())
                .isEqualTo(subject);
        String org = newSubject().replace("user_", "org_");
        String admin = SIGNER.claims(subject).organization(org, "admin", null).sign();
        assertThat(json(as(admin, ledger.writes(), "POST", "/api_keys", body), 200).get("subject").asString())
                .isEqualTo(org);
    }

    @Test
    void everyOtherRouteIs403ForASession() {
        String subject = newSubject();
        String token = user(subject);
        JsonNode key = ledger.writes().createKey(subject, "backend-only");
        String id = key.get("id").asString();
        for (String base : List.of("/api_keys", "/v1/api_keys")) {
            assertClerkError(as(token, ledger.reads(), "GET", base + "/" + id, null), 403, "authorization_invalid",
                    null);
            assertClerkError(as(token, ledger.reads(), "GET", base + "/" + id + "/secret", null), 403,
                    "authorization_invalid", null);
            assertClerkError(as(token, ledger.reads(), "GET", base + "/" + id + "/events", null), 403,
                    "authorization_invalid", null);
            assertClerkError(as(token, ledger.writes(), "PATCH", base + "/" + id, "{\"description\":\"x\"}"), 403,
                    "authorization_invalid", null);
            assertClerkError(as(token, ledger.writes(), "DELETE", base + "/" + id, null), 403, "authorization_invalid",
                    null);
            assertClerkError(as(token, ledger.reads(), "POST", base + "/verify", "{\"secret\":\""
                    + key.get("secret").asString() + "\"}"), 403, "authorization_invalid", null);
        }
        assertThat(json(ledger.reads().get("/v1/api_keys/" + id), 200).get("description").isNull()).isTrue();
    }

    @Test
    void aBadTokenIs401AndAGoodOneThatMayNotIs403() {
        String subject = newSubject();
        assertClerkError(list(SIGNER.claims(subject).signForged(), subject, null), 401, "authentication_invalid", null);
        assertClerkError(list(SIGNER.claims(subject).shifted(Duration.ofMinutes(-5)).sign(), subject, null), 401,
                "authentication_invalid", null);
        assertClerkError(list(SIGNER.claims(subject).shifted(Duration.ofMinutes(5)).sign(), subject, null), 401,
                "authentication_invalid", null);
        assertClerkError(list("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.bm90YXNpZ25hdHVyZQ", subject, null), 401,
                "authentication_invalid", null);
        assertClerkError(ledger.reads().sendAs(null, "GET", "/api_keys?subject=" + subject, null), 401,
                "authentication_invalid", null);
        assertClerkError(list(SIGNER.claims(subject).with("iss", "https://elsewhere.test").sign(), subject, null), 403,
                "authorization_invalid", null);
        assertClerkError(list(SIGNER.claims(subject).with("azp", "https://evil.test").sign(), subject, null), 403,
                "authorization_invalid", null);
        assertClerkError(list(user(subject), newSubject(), null), 403, "authorization_invalid", null);
    }

    @Test
    void aRepeatedQueryIsOneSearchJoinedWithCommas() {
        String subject = newSubject();
        String token = user(subject);
        String id = json(create(token, subject, "alpha,beta"), 200).get("id").asString();
        json(create(token, subject, "alpha"), 200);
        assertThat(ids(json(list(token, subject, "query=alpha&query=beta"), 200))).containsExactly(id);
    }

    @Test
    void theDoubleSlashOfAProxyUrlAndTheClerkPrefixReachTheSameRoutes() {
        String subject = newSubject();
        String token = user(subject);
        for (String prefix : List.of("//api_keys", "/__clerk/api_keys", "/__clerk//api_keys", "//v1/api_keys")) {
            String id = json(as(token, ledger.writes(), "POST", prefix + "?" + CLERK_PARAMETERS,
                    "{\"name\":\"via " + prefix.replace("/", "-") + "\",\"subject\":\"" + subject + "\"}"), 200)
                    .get("id").asString();
            assertThat(ids(json(as(token, ledger.reads(), "GET", prefix + "?subject=" + subject + "&limit=50", null),
                    200))).contains(id);
            assertThat(json(as(token, ledger.writes(), "POST", prefix + "/" + id + "/revoke", "{}"), 200)
                    .get("revoked").asBoolean()).isTrue();
        }
    }

    @Test
    void aPreflightFromAnAuthorizedPartyIsAnsweredWithItsExactOrigin() {
        for (String path : List.of("/api_keys", "//api_keys", "/v1/api_keys", "/api_keys/" + unknownId() + "/revoke",
                "/__clerk//api_keys")) {
            for (LedgerClient service : List.of(ledger.reads(), ledger.writes())) {
                String url = service.base() + path;
                LedgerClient.Response preflight = service.sendAs(null, "OPTIONS", path, null,
                        "Origin", SessionTokenSigner.PARTY, "Access-Control-Request-Method", "POST",
                        "Access-Control-Request-Headers", "authorization,content-type");
                assertThat(preflight.status()).as("preflight of %s", url).isEqualTo(200);
                var headers = preflight.headers();
                assertThat(headers.allValues("Access-Control-Allow-Origin")).containsExactly(SessionTokenSigner.PARTY);
                assertThat(String.join(",", headers.allValues("Access-Control-Allow-Methods")))
                        .contains("GET").contains("POST").doesNotContain("DELETE");
                assertThat(String.join(",", headers.allValues("Access-Control-Allow-Headers")).toLowerCase())
                        .contains("authorization").contains("content-type");
                assertThat(headers.firstValue("Access-Control-Allow-Credentials")).isEmpty();
            }
        }
        LedgerClient.Response stranger = ledger.reads().sendAs(null, "OPTIONS", "/api_keys", null,
                "Origin", "https://evil.test", "Access-Control-Request-Method", "GET");
        assertClerkError(stranger, 403, "authorization_invalid", null);
        assertThat(stranger.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void aSessionsAnswerCarriesCorsHeadersAndAnInstanceKeysNever() {
        String subject = newSubject();
        LedgerClient.Response session = list(user(subject), subject, null);
        assertThat(session.status()).isEqualTo(200);
        // sent from another origin than the one it was preflighted for: still one of the authorized parties
        LedgerClient.Response fromParty = as(user(subject), ledger.reads(), "GET", "/api_keys?subject=" + subject, null,
                "Origin", "http://other.ledger.test");
        assertThat(fromParty.headers().allValues("Access-Control-Allow-Origin"))
                .containsExactly("http://other.ledger.test");
        LedgerClient.Response refused = as(user(newSubject()), ledger.reads(), "GET", "/api_keys?subject=" + subject,
                null, "Origin", SessionTokenSigner.PARTY);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.headers().allValues("Access-Control-Allow-Origin")).containsExactly(SessionTokenSigner.PARTY);
        LedgerClient.Response fromStranger = as(user(subject), ledger.reads(), "GET", "/api_keys?subject=" + subject,
                null, "Origin", "https://evil.test");
        assertThat(fromStranger.status()).isEqualTo(403);
        assertThat(fromStranger.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();

        LedgerClient.Response instance = ledger.reads().sendAs(BEARER, "GET", "/v1/api_keys?subject=" + subject, null,
                "Origin", SessionTokenSigner.PARTY);
        assertThat(instance.status()).isEqualTo(200);
        assertThat(instance.headers().map().keySet()).noneMatch(h -> h.toLowerCase().startsWith("access-control"));
    }

    @Test
    void theActorOfASessionsEventsIsItsUserSessionAndOrganizationInTheAuditTrailAndOnKafka() {
        String subject = newSubject();
        String org = newSubject().replace("user_", "org_");
        var claims = SIGNER.claims(subject).organization(org, "admin", null);
        String token = claims.sign();
        String id = json(create(token, org, "audited"), 200).get("id").asString();
        json(revoke(token, id), 200);

        JsonNode trail = json(ledger.reads().get("/v1/api_keys/" + id + "/events"), 200).get("data");
        assertThat(trail).hasSize(2).allSatisfy(entry -> {
            assertThat(entry.get("actor").asString()).isEqualTo(subject);
            assertThat(entry.get("session_id").asString()).isEqualTo(claims.sessionId());
            assertThat(entry.get("organization_id").asString()).isEqualTo(org);
        });
        String byInstance = ledger.writes().createKey(subject, "by-instance").get("id").asString();
        JsonNode instanceEntry = json(ledger.reads().get("/v1/api_keys/" + byInstance + "/events"), 200).get("data")
                .get(0);
        assertThat(instanceEntry.get("actor").asString()).startsWith("key_");
        assertThat(instanceEntry.get("session_id").isNull()).isTrue();
        assertThat(instanceEntry.get("organization_id").isNull()).isTrue();

        List<JsonNode> published = consume(id, 2);
        assertThat(published).allSatisfy(event -> {
            assertThat(event.get("data").get("actor").asString()).isEqualTo(subject);
            assertThat(event.get("data").get("session_id").asString()).isEqualTo(claims.sessionId());
            assertThat(event.get("data").get("organization_id").asString()).isEqualTo(org);
        });
    }

    private static List<JsonNode> consume(String id, int count) {
        try (var consumer = new KafkaConsumer<String, String>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SplitLedger.sharedKafka(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
            consumer.subscribe(List.of(LedgerTopics.EVENTS));
            List<JsonNode> found = new java.util.ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (found.size() < count && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                    if (id.equals(record.key())) {
                        found.add(JsonMapper.shared().readTree(record.value()));
                    }
                }
            }
            assertThat(found).as("events of %s on the topic", id).hasSize(count);
            return found;
        }
    }
}
