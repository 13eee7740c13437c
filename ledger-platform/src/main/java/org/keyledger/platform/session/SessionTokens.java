package org.keyledger.platform.session;

import com.nimbusds.jose.JWSAlgorithm;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Verifies session tokens with Spring Security's Nimbus decoder: an RS256/384/512 signature by the configured key
 * (a PEM key, or a JWK set picked by {@code kid}), {@code exp}, {@code nbf} and {@code iat} with 5 s of skew, then
 * {@code iss} and {@code azp} when configured. Reads both Clerk session-token versions: v2 ({@code v: 2}, the
 * organization in {@code o: {id, rol, per}}) and v1 ({@code org_id}, {@code org_role}, {@code org_permissions}).
 */
public class SessionTokens {

    static final Duration CLOCK_SKEW = Duration.ofSeconds(5);
    private static final Pattern COMPACT_JWS = Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
    private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384,
            JWSAlgorithm.RS512);

    private final JwtDecoder decoder;
    private final OAuth2TokenValidator<Jwt> audience;
    private final List<String> manageRoles;

    SessionTokens(SessionProperties properties, Clock clock) {
        this.decoder = properties.configured() ? decoder(properties, clock) : null;
        this.audience = audience(properties);
        this.manageRoles = properties.orgManageRoles();
    }

    /** A bearer shaped like a compact JWS is a session token; instance keys never contain a dot. */
    public static boolean isSessionToken(String bearer) {
        return bearer != null && COMPACT_JWS.matcher(bearer).matches();
    }

    public Session authenticate(String token) {
        if (decoder == null) {
            throw new SessionRefused(true, "Session tokens are not accepted: configure LEDGER_SESSION_JWT_KEY "
                    + "(the PEM public key that verifies them) or LEDGER_SESSION_JWKS_URL (a JWK set URL, e.g. "
                    + "your Clerk Frontend API's /.well-known/jwks.json).");
        }
        Jwt jwt;
        try {
            jwt = decoder.decode(token);
        } catch (BadJwtException e) {
            throw new SessionRefused(true, "The session token is invalid: " + e.getMessage());
        } catch (JwtException e) { // the JWK set could not be fetched: not the token's fault, but nothing checks it
            throw new SessionRefused(true, "The session token could not be verified: " + e.getMessage());
        }
        OAuth2TokenValidatorResult result = audience.validate(jwt);
        if (result.hasErrors()) {
            throw new SessionRefused(false, "The session token is not for this ledger: " + describe(result));
        }
        return session(jwt);
    }

    private Session session(Jwt jwt) {
        String organization;
        String role;
        Collection<String> permissions;
        if (jwt.getClaim("o") instanceof Map<?, ?> o) { // v2
            organization = text(o.get("id"));
            role = text(o.get("rol"));
            String per = text(o.get("per"));
            permissions = per == null ? List.of() : List.of(per.split(","));
        } else { // v1
            organization = jwt.getClaimAsString("org_id");
            role = jwt.getClaimAsString("org_role");
            List<String> listed = jwt.getClaimAsStringList("org_permissions");
            permissions = listed == null ? List.of() : listed;
        }
        boolean manager = organization != null && ((role != null
                && manageRoles.contains(Session.withoutOrgPrefix(role)))
                || permissions.stream().map(String::trim).map(Session::withoutOrgPrefix)
                .anyMatch(Session.MANAGE_PERMISSION::equals));
        return new Session(jwt.getSubject(), jwt.getClaimAsString("sid"), organization, manager);
    }

    private static JwtDecoder decoder(SessionProperties properties, Clock clock) {
        NimbusJwtDecoder decoder;
        if (properties.jwtKey() != null) {
            RSAPublicKey key = publicKey(properties.jwtKey());
            // the builder takes one algorithm; the key alone (any kid, as CLERK_JWT_KEY) verifies all three
            decoder = NimbusJwtDecoder.withPublicKey(key).signatureAlgorithm(SignatureAlgorithm.RS256)
                    .jwtProcessorCustomizer(processor -> processor.setJWSKeySelector((header, context) ->
                            ALGORITHMS.contains(header.getAlgorithm()) ? List.of(key) : List.of()))
                    .build();
        } else {
            decoder = NimbusJwtDecoder.withJwkSetUri(properties.jwksUrl())
                    .jwsAlgorithms(algorithms -> algorithms.addAll(List.of(SignatureAlgorithm.RS256,
                            SignatureAlgorithm.RS384, SignatureAlgorithm.RS512)))
                    .build();
        }
        JwtTimestampValidator timestamps = new JwtTimestampValidator(CLOCK_SKEW);
        timestamps.setAllowEmptyExpiryClaim(false);
        timestamps.setClock(clock);
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(timestamps,
                new JwtClaimValidator<Instant>("iat", iat -> iat == null
                        || !iat.isAfter(clock.instant().plus(CLOCK_SKEW))),
                new JwtClaimValidator<String>("sub", sub -> sub != null && !sub.isBlank())));
        return decoder;
    }

    private static OAuth2TokenValidator<Jwt> audience(SessionProperties properties) {
        List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
        if (properties.issuer() != null) {
            validators.add(new JwtIssuerValidator(properties.issuer()));
        }
        if (!properties.authorizedParties().isEmpty()) {
            Set<String> parties = Set.copyOf(properties.authorizedParties());
            validators.add(new JwtClaimValidator<String>("azp", parties::contains));
        }
        return new DelegatingOAuth2TokenValidator<>(validators);
    }

    static RSAPublicKey publicKey(String pem) {
        String base64 = pem.replace("\\n", "\n").replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "")
                .replaceAll("\\s", "");
        try {
            return (RSAPublicKey) KeyFactory.getInstance("RSA")
                    .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (Exception e) {
            throw new IllegalStateException("LEDGER_SESSION_JWT_KEY is not a PEM RSA public key "
                    + "(-----BEGIN PUBLIC KEY----- …)", e);
        }
    }

    private static String describe(OAuth2TokenValidatorResult result) {
        return result.getErrors().stream().map(e -> e.getDescription()).filter(Objects::nonNull)
                .collect(Collectors.joining("; "));
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }
}
