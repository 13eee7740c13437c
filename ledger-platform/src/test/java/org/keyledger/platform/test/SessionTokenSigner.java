package org.keyledger.platform.test;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Signs session tokens the way Clerk's Frontend API does (RS256, {@code kid}, v2 or v1 claims), with a key pair of
 * its own, so that tests hold the private key an identity provider would.
 */
public final class SessionTokenSigner {

    public static final String ISSUER = "https://clerk.ledger.test";
    public static final String PARTY = "http://app.ledger.test";

    private final RSAKey key;

    private SessionTokenSigner(RSAKey key) {
        this.key = key;
    }

    public static SessionTokenSigner generate() {
        try {
            return new SessionTokenSigner(new RSAKeyGenerator(2048).keyID("ins_" + UUID.randomUUID()).generate());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The public key as LEDGER_SESSION_JWT_KEY takes it. */
    public String publicKeyPem() {
        try {
            String base64 = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(key.toRSAPublicKey().getEncoded());
            return "-----BEGIN PUBLIC KEY-----\n" + base64 + "\n-----END PUBLIC KEY-----\n";
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The public key as a JWK set, as {@code /.well-known/jwks.json} serves it. */
    public String jwks() {
        return new JWKSet(key.toPublicJWK()).toString();
    }

    /** Claims of a v2 Clerk session token for {@code user}, valid from a second ago for a minute. */
    public Claims claims(String user) {
        return new Claims(user);
    }

    public final class Claims {
        private final Map<String, Object> claims = new LinkedHashMap<>();
        private JWSAlgorithm algorithm = JWSAlgorithm.RS256;

        private Claims(String user) {
            Instant now = Instant.now();
            claims.put("sub", user);
            claims.put("sid", "sess_" + UUID.randomUUID().toString().replace("-", ""));
            claims.put("iss", ISSUER);
            claims.put("azp", PARTY);
            claims.put("v", 2);
            claims.put("iat", now.minusSeconds(1));
            claims.put("nbf", now.minusSeconds(1));
            claims.put("exp", now.plusSeconds(60));
        }

        public Claims with(String name, Object value) {
            if (value == null) {
                claims.remove(name);
            } else {
                claims.put(name, value);
            }
            return this;
        }

        /** The active organization, as v2 carries it ({@code o}); {@code permissions} comma-separated or null. */
        public Claims organization(String id, String role, String permissions) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("id", id);
            o.put("rol", role);
            o.put("slg", "acme");
            if (permissions != null) {
                o.put("per", permissions);
            }
            return with("o", o);
        }

        /** The active organization, as v1 carries it. */
        public Claims organizationV1(String id, String role, List<String> permissions) {
            return with("v", null).with("org_id", id).with("org_role", role).with("org_slug", "acme")
                    .with("org_permissions", permissions);
        }

        public Claims shifted(Duration by) {
            for (String time : List.of("iat", "nbf", "exp")) {
                if (claims.get(time) instanceof Instant instant) {
                    claims.put(time, instant.plus(by));
                }
            }
            return this;
        }

        public Claims algorithm(JWSAlgorithm algorithm) {
            this.algorithm = algorithm;
            return this;
        }

        public String sessionId() {
            return (String) claims.get("sid");
        }

        public String sign() {
            return signWith(key);
        }

        /** Signed by another key of the same {@code kid}: a bad signature. */
        public String signForged() {
            return signWith(forgedKey());
        }

        private RSAKey forgedKey() {
            try {
                return new RSAKeyGenerator(2048).keyID(key.getKeyID()).generate();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        private String signWith(RSAKey signingKey) {
            JWTClaimsSet.Builder set = new JWTClaimsSet.Builder();
            claims.forEach((name, value) -> set.claim(name, value instanceof Instant instant
                    ? Date.from(instant) : value));
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(algorithm).keyID(signingKey.getKeyID())
                    .type(JOSEObjectType.JWT).build(), set.build());
            try {
                jwt.sign(new RSASSASigner(signingKey));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return jwt.serialize();
        }
    }
}
