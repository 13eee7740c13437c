package org.keyledger.query;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keyledger.messages.LedgerTopics;
import org.keyledger.platform.test.SessionTokenSigner;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.keyledger.query.ReadRoutes.BEARER;
import static org.keyledger.query.ReadRoutes.assertError;
import static org.keyledger.query.ReadRoutes.ids;
import static org.keyledger.query.ReadRoutes.json;
import static org.keyledger.query.ReadRoutes.newSubject;
import static org.keyledger.query.ReadRoutes.sendAs;
import static org.keyledger.query.ReadRoutes.unknownId;

/**
 * The user-scoped routes with session tokens the test signs itself, as clerk-js sends them ({@code Content-Type}
 * on every call, its own query parameters, {@code //api_keys} behind a proxyUrl): a session lists, creates and
 * revokes its user's and its organization's keys, and nothing else.
 */
class SessionRoutesTest {

    private static final String CLERK_PARAMETERS = "__clerk_api_version=2025-11-10&_clerk_js_version=6.40.0"
            + "&_clerk_session_id=sess_x&__clerk_db_jwt=dvb_x&_clerk_retry_attempt=1";
    private static final SessionTokenSigner SIGNER = SessionTokenSigner.generate();

    private static SplitLedger ledger;
    private static ReadRoutes api;

    @BeforeAll
    static void start() {
        ledger = SplitLedger.start("--ledger.session.jwt-key=" + SIGNER.publicKeyPem(),
                "--ledger.session.issuer=" + SessionTokenSigner.ISSUER,
                "--ledger.session.authorized-parties=" + SessionTokenSigner.PARTY + ",http://other.ledger.test");
        api = new ReadRoutes(ledger);
    }

    @AfterAll
    static void stop() {
        ledger.close();
    }

    private static HttpResponse<String> as(String token, String method, String url, String body,
                                           String... headers) {
        String[] all = new String[headers.length + 2];
        all[0] = "Content-Type"; // clerk-js sends it on GET too
        all[1] = "application/json";
        System.arraycopy(headers, 0, all, 2, headers.length);
        return sendAs("Bearer " + token, method, url, body, body == null ? all : headers);
    }

    private static HttpResponse<String> list(String token, String subject, String more) {
        return as(token, "GET", api.query("/api_keys?subject=" + subject + "&limit=10&offset=0&" + CLERK_PARAMETERS
                + (more == null ? "" : "&" + more)), null);
    }

    private static HttpResponse<String> create(String token, String subject, String name) {
        return as(token, "POST", api.command("/api_keys?" + CLERK_PARAMETERS), "{\"type\":\"api_key\",\"name\":\""
                + name + "\",\"subject\":\"" + subject + "\",\"description\":\"from the browser\","
                + "\"seconds_until_expiration\":3600}");
    }

    private static HttpResponse<String> revoke(String token, String id) {
        return as(token, "POST", api.command("/api_keys/" + id + "/revoke?" + CLERK_PARAMETERS),
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
        assertThat(ids(json(api.get("/v1/api_keys?subject=" + subject + "&include_invalid=true"), 200)))
                .containsExactly(id);
        assertThat(api.send("POST", api.query("/v1/api_keys/verify"), "{\"secret\":\""
                + created.get("secret").asString() + "\"}").statusCode()).isEqualTo(404);
    }

    @Test
    void anotherUsersSubjectIs403() {
        String subject = newSubject();
        String other = newSubject();
        api.create(other, "theirs");
        assertError(list(user(subject), other, null), 403, "authorization_invalid", null);
        assertError(create(user(subject), other, "mine-now"), 403, "authorization_invalid", null);
        assertThat(ids(json(api.get("/v1/api_keys?subject=" + other), 200))).hasSize(1);
    }

    @Test
    void anOrganizationMemberListsButOnlyAManagerCreatesAndRevokes() {
        String org = newSubject().replace("user_", "org_");
        String memberId = newSubject();
        String managerId = newSubject();
        String member = SIGNER.claims(memberId).organization(org, "member", "org:sys_memberships:read").sign();
        String manager = SIGNER.claims(managerId).organizationV1(org, "org:admin", List.of()).sign();
        JsonNode existing = api.create(org, "team-key");

        assertThat(ids(json(list(member, org, null), 200))).containsExactly(existing.get("id").asString());
        assertError(create(member, org, "by-member"), 403, "authorization_invalid", null);
        assertError(revoke(member, existing.get("id").asString()), 403, "authorization_invalid", null);

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
        JsonNode theirs = api.create(newSubject(), "theirs");
        JsonNode error = assertError(revoke(user(subject), theirs.get("id").asString()), 404, "resource_not_found",
                null);
        JsonNode unknown = assertError(revoke(user(subject), unknownId()), 404, "resource_not_found", null);
        assertThat(error).isEqualTo(unknown);
        assertThat(json(api.get("/v1/api_keys/" + theirs.get("id").asString()), 200).get("revoked").asBoolean())
                .isFalse();
    }

    @Test
    void scopesClaimsAndCreatedByInASessionsBodyAre400NamingTheField() {
        String subject = newSubject();
        for (String field : List.of("\"scopes\":[\"admin\"]", "\"claims\":{\"role\":\"root\"}",
                "\"created_by\":\"user_someone\"", "\"scopes\":null")) {
            String name = field.substring(1, field.indexOf('"', 1));
            assertError(as(user(subject), "POST", api.command("/api_keys"), "{\"name\":\"k\",\"subject\":\""
                    + subject + "\"," + field + "}"), 400, "bad_request", name);
        }
        assertThat(ids(json(api.get("/v1/api_keys?subject=" + subject + "&include_invalid=true"), 200))).isEmpty();
    }

    @Test
    void withoutASubjectASessionCreatesForItsOrganizationElseItsUser() {
        String subject = newSubject();
        String body = "{\"name\":\"no-subject\"}";
        assertThat(json(as(user(subject), "POST", api.command("/api_keys"), body), 200).get("subject").asString())
                .isEqualTo(subject);
        String org = newSubject().replace("user_", "org_");
        String admin = SIGNER.claims(subject).organization(org, "admin", null).sign();
        assertThat(json(as(admin, "POST", api.command("/api_keys"), body), 200).get("subject").asString())
                .isEqualTo(org);
    }

    @Test
    void everyOtherRouteIs403ForASession() {
        String subject = newSubject();
        String token = user(subject);
        JsonNode key = api.create(subject, "backend-only");
        String id = key.get("id").asString();
        for (String base : List.of("/api_keys", "/v1/api_keys")) {
            assertError(as(token, "GET", api.query(base + "/" + id), null), 403, "authorization_invalid", null);
            assertError(as(token, "GET", api.query(base + "/" + id + "/secret"), null), 403,
                    "authorization_invalid", null);
            assertError(as(token, "GET", api.query(base + "/" + id + "/events"), null), 403,
                    "authorization_invalid", null);
            assertError(as(token, "PATCH", api.command(base + "/" + id), "{\"description\":\"x\"}"), 403,
                    "authorization_invalid", null);
            assertError(as(token, "DELETE", api.command(base + "/" + id), null), 403, "authorization_invalid",
                    null);
            assertError(as(token, "POST", api.query(base + "/verify"), "{\"secret\":\""
                    + key.get("secret").asString() + "\"}"), 403, "authorization_invalid", null);
        }
        assertThat(json(api.get("/v1/api_keys/" + id), 200).get("description").isNull()).isTrue();
    }

    @Test
    void aBadTokenIs401AndAGoodOneThatMayNotIs403() {
        String subject = newSubject();
        assertError(list(SIGNER.claims(subject).signForged(), subject, null), 401, "authentication_invalid", null);
        assertError(list(SIGNER.claims(subject).shifted(Duration.ofMinutes(-5)).sign(), subject, null), 401,
                "authentication_invalid", null);
        assertError(list(SIGNER.claims(subject).shifted(Duration.ofMinutes(5)).sign(), subject, null), 401,
                "authentication_invalid", null);
        assertError(list("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.bm90YXNpZ25hdHVyZQ", subject, null), 401,
                "authentication_invalid", null);
        assertError(sendAs(null, "GET", api.query("/api_keys?subject=" + subject), null), 401,
                "authentication_invalid", null);
        assertError(list(SIGNER.claims(subject).with("iss", "https://elsewhere.test").sign(), subject, null), 403,
                "authorization_invalid", null);
        assertError(list(SIGNER.claims(subject).with("azp", "https://evil.test").sign(), subject, null), 403,
                "authorization_invalid", null);
        assertError(list(user(subject), newSubject(), null), 403, "authorization_invalid", null);
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
            String id = json(as(token, "POST", api.command(prefix + "?" + CLERK_PARAMETERS),
                    "{\"name\":\"via " + prefix.replace("/", "-") + "\",\"subject\":\"" + subject + "\"}"), 200)
                    .get("id").asString();
            assertThat(ids(json(as(token, "GET", api.query(prefix + "?subject=" + subject + "&limit=50"), null),
                    200))).contains(id);
            assertThat(json(as(token, "POST", api.command(prefix + "/" + id + "/revoke"), "{}"), 200)
                    .get("revoked").asBoolean()).isTrue();
        }
    }

    @Test
    void aPreflightFromAnAuthorizedPartyIsAnsweredWithItsExactOrigin() {
        for (String path : List.of("/api_keys", "//api_keys", "/v1/api_keys", "/api_keys/" + unknownId() + "/revoke",
                "/__clerk//api_keys")) {
            for (String url : List.of(api.query(path), api.command(path))) {
                HttpResponse<String> preflight = sendAs(null, "OPTIONS", url, null,
                        "Origin", SessionTokenSigner.PARTY, "Access-Control-Request-Method", "POST",
                        "Access-Control-Request-Headers", "authorization,content-type");
                assertThat(preflight.statusCode()).as("preflight of %s", url).isEqualTo(200);
                var headers = preflight.headers();
                assertThat(headers.allValues("Access-Control-Allow-Origin")).containsExactly(SessionTokenSigner.PARTY);
                assertThat(String.join(",", headers.allValues("Access-Control-Allow-Methods")))
                        .contains("GET").contains("POST").doesNotContain("DELETE");
                assertThat(String.join(",", headers.allValues("Access-Control-Allow-Headers")).toLowerCase())
                        .contains("authorization").contains("content-type");
                assertThat(headers.firstValue("Access-Control-Allow-Credentials")).isEmpty();
            }
        }
        HttpResponse<String> stranger = sendAs(null, "OPTIONS", api.query("/api_keys"), null,
                "Origin", "https://evil.test", "Access-Control-Request-Method", "GET");
        assertThat(stranger.statusCode()).isEqualTo(403);
        assertThat(stranger.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void aSessionsAnswerCarriesCorsHeadersAndAnInstanceKeysNever() {
        String subject = newSubject();
        HttpResponse<String> session = list(user(subject), subject, null);
        assertThat(session.statusCode()).isEqualTo(200);
        // sent from another origin than the one it was preflighted for: still one of the authorized parties
        HttpResponse<String> fromParty = as(user(subject), "GET", api.query("/api_keys?subject=" + subject), null,
                "Origin", "http://other.ledger.test");
        assertThat(fromParty.headers().allValues("Access-Control-Allow-Origin"))
                .containsExactly("http://other.ledger.test");
        HttpResponse<String> refused = as(user(newSubject()), "GET", api.query("/api_keys?subject=" + subject),
                null, "Origin", SessionTokenSigner.PARTY);
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.headers().allValues("Access-Control-Allow-Origin")).containsExactly(SessionTokenSigner.PARTY);
        HttpResponse<String> fromStranger = as(user(subject), "GET", api.query("/api_keys?subject=" + subject),
                null, "Origin", "https://evil.test");
        assertThat(fromStranger.statusCode()).isEqualTo(403);
        assertThat(fromStranger.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();

        HttpResponse<String> instance = sendAs(BEARER, "GET", api.query("/v1/api_keys?subject=" + subject), null,
                "Origin", SessionTokenSigner.PARTY);
        assertThat(instance.statusCode()).isEqualTo(200);
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

        JsonNode trail = json(api.get("/v1/api_keys/" + id + "/events"), 200).get("data");
        assertThat(trail).hasSize(2).allSatisfy(entry -> {
            assertThat(entry.get("actor").asString()).isEqualTo(subject);
            assertThat(entry.get("session_id").asString()).isEqualTo(claims.sessionId());
            assertThat(entry.get("organization_id").asString()).isEqualTo(org);
        });
        String byInstance = api.create(subject, "by-instance").get("id").asString();
        JsonNode instanceEntry = json(api.get("/v1/api_keys/" + byInstance + "/events"), 200).get("data").get(0);
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
