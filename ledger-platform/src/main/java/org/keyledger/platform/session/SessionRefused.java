package org.keyledger.platform.session;

/**
 * A session token the ledger does not accept. {@code unauthenticated} (401) only when the token itself is bad —
 * malformed, badly signed, expired, or no key to check it — because clerk-js signs its user out on a 401; a good
 * token from the wrong issuer or party is 403.
 */
public class SessionRefused extends RuntimeException {

    private final boolean unauthenticated;

    SessionRefused(boolean unauthenticated, String longMessage) {
        super(longMessage, null, false, false);
        this.unauthenticated = unauthenticated;
    }

    public int status() {
        return unauthenticated ? 401 : 403;
    }

    public String code() {
        return unauthenticated ? "authentication_invalid" : "authorization_invalid";
    }

    public String message() {
        return unauthenticated ? "Invalid authentication" : "Unauthorized request";
    }
}
