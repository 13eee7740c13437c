package org.keyledger.platform.session;

import com.nimbusds.jose.JWSAlgorithm;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.keyledger.platform.test.SessionTokenSigner;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Session tokens signed by the test: which are accepted, which are 401 and which 403, and what they say. */
class SessionTokensTest {

    private static final String USER = "user_2abc";
    private final SessionTokenSigner signer = SessionTokenSigner.generate();

    private SessionTokens tokens(String issuer, List<String> parties, List<String> manageRoles) {
        return new SessionTokens(new SessionProperties(signer.publicKeyPem(), null, issuer, parties, manageRoles),
                Clock.systemUTC());
    }

    private SessionTokens tokens() {
        return tokens(SessionTokenSigner.ISSUER, List.of(SessionTokenSigner.PARTY), List.of("admin"));
    }

    private static void refused(Runnable decode, int status, String message) {
        assertThatThrownBy(decode::run).isInstanceOfSatisfying(SessionRefused.class, e -> {
            assertThat(e.status()).isEqualTo(status);
            assertThat(e.getMessage()).containsIgnoringCase(message);
        });
    }

    @Test
    void aV2TokenGivesTheUserSessionAndOrganization() {
        var claims = signer.claims(USER).organization("org_1", "admin", null);
        Session session = tokens().authenticate(claims.sign());
        assertThat(session).isEqualTo(new Session(USER, claims.sessionId(), "org_1", true));
    }

    @Test
    void aV1TokenGivesTheSameFromItsOrgClaims() {
        var claims = signer.claims(USER).organizationV1("org_1", "org:admin", List.of("org:sys_memberships:read"));
        assertThat(tokens().authenticate(claims.sign()))
                .isEqualTo(new Session(USER, claims.sessionId(), "org_1", true));
        var member = signer.claims(USER).organizationV1("org_1", "org:member", List.of());
        assertThat(tokens().authenticate(member.sign()).organizationManager()).isFalse();
    }

    @Test
    void aTokenWithoutOrganizationIsTheUserAlone() {
        Session session = tokens().authenticate(signer.claims(USER).sign());
        assertThat(session.organizationId()).isNull();
        assertThat(session.organizationManager()).isFalse();
    }

    @Test
    void aMemberIsNotAManagerUnlessTheRoleIsConfiguredOrThePermissionGranted() {
        assertThat(tokens().authenticate(signer.claims(USER).organization("org_1", "member", null).sign())
                .organizationManager()).isFalse();
        assertThat(tokens(null, List.of(), List.of("org:owner", "member"))
                .authenticate(signer.claims(USER).organization("org_1", "member", null).sign())
                .organizationManager()).isTrue();
        assertThat(tokens().authenticate(signer.claims(USER)
                .organization("org_1", "member", "org:sys_memberships:read,org:sys_api_keys:manage").sign())
                .organizationManager()).isTrue();
        assertThat(tokens().authenticate(signer.claims(USER).organizationV1("org_1", "org:member",
                List.of("org:sys_api_keys:manage")).sign()).organizationManager()).isTrue();
        assertThat(tokens().authenticate(signer.claims(USER).organizationV1("org_1", "org:member",
                List.of("org:sys_api_keys:read")).sign()).organizationManager()).isFalse();
    }

    @Test
    void rs384AndRs512AreAccepted() {
        for (JWSAlgorithm algorithm : List.of(JWSAlgorithm.RS384, JWSAlgorithm.RS512)) {
            assertThat(tokens().authenticate(signer.claims(USER).algorithm(algorithm).sign()).userId())
                    .isEqualTo(USER);
        }
    }

    @Test
    void aBadSignatureIs401() {
        refused(() -> tokens().authenticate(signer.claims(USER).signForged()), 401, "signature");
    }

    @Test
    void aTamperedPayloadIs401() {
        String[] parts = signer.claims(USER).sign().split("\\.");
        String other = signer.claims("user_other").sign().split("\\.")[1];
        refused(() -> tokens().authenticate(parts[0] + "." + other + "." + parts[2]), 401, "signature");
    }

    @Test
    void anExpiredTokenIs401ButFiveSecondsOfSkewAreForgiven() {
        refused(() -> tokens().authenticate(signer.claims(USER).shifted(Duration.ofSeconds(-70)).sign()), 401,
                "expired");
        assertThat(tokens().authenticate(signer.claims(USER).shifted(Duration.ofSeconds(-63)).sign()).userId())
                .isEqualTo(USER);
    }

    @Test
    void aTokenNotYetValidIs401() {
        refused(() -> tokens().authenticate(signer.claims(USER).shifted(Duration.ofSeconds(30)).sign()), 401,
                "invalid");
        refused(() -> tokens().authenticate(signer.claims(USER).with("nbf", null)
                .with("iat", java.time.Instant.now().plusSeconds(30)).sign()), 401, "iat");
    }

    @Test
    void aTokenWithoutExpiryOrSubjectIs401() {
        refused(() -> tokens().authenticate(signer.claims(USER).with("exp", null).sign()), 401, "exp");
        refused(() -> tokens().authenticate(signer.claims(USER).with("sub", null).sign()), 401, "sub");
    }

    @Test
    void anotherIssuerIs403() {
        refused(() -> tokens().authenticate(signer.claims(USER).with("iss", "https://evil.test").sign()), 403,
                "iss");
        assertThat(tokens(null, List.of(SessionTokenSigner.PARTY), List.of("admin"))
                .authenticate(signer.claims(USER).with("iss", "https://any.test").sign()).userId()).isEqualTo(USER);
    }

    @Test
    void aPartyNotAuthorizedIs403() {
        refused(() -> tokens().authenticate(signer.claims(USER).with("azp", "https://evil.test").sign()), 403,
                "azp");
        refused(() -> tokens().authenticate(signer.claims(USER).with("azp", null).sign()), 403, "azp");
        assertThat(tokens(SessionTokenSigner.ISSUER, List.of(), List.of("admin"))
                .authenticate(signer.claims(USER).with("azp", "https://any.test").sign()).userId()).isEqualTo(USER);
    }

    @Test
    void anHmacTokenIs401() throws Exception {
        var hmac = new com.nimbusds.jwt.SignedJWT(new com.nimbusds.jose.JWSHeader(JWSAlgorithm.HS256),
                new com.nimbusds.jwt.JWTClaimsSet.Builder().subject(USER)
                        .expirationTime(new java.util.Date(System.currentTimeMillis() + 60_000)).build());
        hmac.sign(new com.nimbusds.jose.crypto.MACSigner(new byte[32]));
        refused(() -> tokens().authenticate(hmac.serialize()), 401, "invalid");
    }

    @Test
    void withoutAKeySessionTokensAre401SayingWhatToConfigure() {
        SessionTokens none = new SessionTokens(new SessionProperties(null, " ", null, null, null),
                Clock.systemUTC());
        refused(() -> none.authenticate(signer.claims(USER).sign()), 401, "LEDGER_SESSION_JWT_KEY");
        refused(() -> none.authenticate(signer.claims(USER).sign()), 401, "LEDGER_SESSION_JWKS_URL");
    }

    @Test
    void onlyACompactJwsIsTakenForASessionToken() {
        assertThat(SessionTokens.isSessionToken(signer.claims(USER).sign())).isTrue();
        assertThat(SessionTokens.isSessionToken("sk_test_abcdef")).isFalse();
        assertThat(SessionTokens.isSessionToken("a.b")).isFalse();
        assertThat(SessionTokens.isSessionToken(null)).isFalse();
    }

    @Test
    void aJwkSetIsFetchedOnceAndARotatedKeyIsFoundByItsKid() throws Exception {
        AtomicReference<String> served = new AtomicReference<>(signer.jwks());
        AtomicInteger fetches = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/.well-known/jwks.json", exchange -> {
            fetches.incrementAndGet();
            byte[] body = served.get().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/.well-known/jwks.json";
            SessionTokens jwks = new SessionTokens(new SessionProperties(null, url, null, null, null),
                    Clock.systemUTC());
            assertThat(jwks.authenticate(signer.claims(USER).sign()).userId()).isEqualTo(USER);
            assertThat(jwks.authenticate(signer.claims(USER).sign()).userId()).isEqualTo(USER);
            assertThat(fetches).hasValue(1);

            SessionTokenSigner rotated = SessionTokenSigner.generate();
            served.set(rotated.jwks());
            assertThat(jwks.authenticate(rotated.claims("user_rotated").sign()).userId()).isEqualTo("user_rotated");
            refused(() -> jwks.authenticate(signer.claims(USER).signForged()), 401, "invalid");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aPemKeyIsReadWithOrWithoutItsFrameAndWithEscapedNewlines() {
        String pem = signer.publicKeyPem();
        assertThat(SessionTokens.publicKey(pem.replace("\n", "\\n"))).isEqualTo(SessionTokens.publicKey(pem));
        assertThat(SessionTokens.publicKey(pem.replaceAll("-----[A-Z ]+-----", "")))
                .isEqualTo(SessionTokens.publicKey(pem));
        assertThatThrownBy(() -> SessionTokens.publicKey("not a key")).hasMessageContaining("LEDGER_SESSION_JWT_KEY");
    }
}
