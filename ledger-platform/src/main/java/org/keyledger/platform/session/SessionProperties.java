package org.keyledger.platform.session;

import java.util.List;

/**
 * {@code ledger.session.*}, the section of {@link org.keyledger.platform.LedgerProperties} that says how session tokens
 * (a signed-in user's JWT, e.g. Clerk's) are verified; each is one environment variable (see ledger-defaults.properties). With neither {@code jwtKey} nor {@code jwksUrl} session tokens are refused.
 *
 * @param jwtKey             {@code LEDGER_SESSION_JWT_KEY}: a PEM RSA public key (networkless, like Clerk's CLERK_JWT_KEY)
 * @param jwksUrl            {@code LEDGER_SESSION_JWKS_URL}: a JWK set (cached, keys chosen by {@code kid})
 * @param issuer             {@code LEDGER_SESSION_ISSUER}: when set, {@code iss} must be exactly this
 * @param authorizedParties  {@code LEDGER_AUTHORIZED_PARTIES}: when set, {@code azp} must be one of these origins;
 *                           they are also the origins allowed by CORS on the user-scoped routes
 * @param orgManageRoles     {@code LEDGER_ORG_MANAGE_ROLES}: organization roles (without {@code org:}) that may
 *                           create and revoke the organization's keys
 */
public record SessionProperties(String jwtKey, String jwksUrl, String issuer, List<String> authorizedParties,
                                List<String> orgManageRoles) {

    public SessionProperties {
        jwtKey = blankToNull(jwtKey);
        jwksUrl = blankToNull(jwksUrl);
        issuer = blankToNull(issuer);
        authorizedParties = trimmed(authorizedParties);
        orgManageRoles = trimmed(orgManageRoles).stream().map(Session::withoutOrgPrefix).toList();
    }

    public boolean configured() {
        return jwtKey != null || jwksUrl != null;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static List<String> trimmed(List<String> values) {
        return values == null ? List.of() : values.stream().map(String::trim).filter(v -> !v.isEmpty()).toList();
    }
}
