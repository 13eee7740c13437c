package org.keyledger.platform.error;

/**
 * A failure the client caused or must know about, in terms of the ledger rather than HTTP; the web layer maps each
 * {@link Kind} to a status and a Clerk error code (see ClerkErrors). Messages never contain a secret.
 */
public class LedgerException extends RuntimeException {

    public enum Kind { MISSING_PARAMETER, INVALID_PARAMETER, BAD_REQUEST, NOT_FOUND, FORBIDDEN, CONFLICT, UNAVAILABLE }

    private final Kind kind;
    private final String parameter;
    private final String longMessage;

    public LedgerException(Kind kind, String message, String longMessage, String parameter) {
        super(message, null, false, false); // no stack trace: these are answers, not bugs
        this.kind = kind;
        this.longMessage = longMessage;
        this.parameter = parameter;
    }

    public static LedgerException missing(String parameter) {
        return new LedgerException(Kind.MISSING_PARAMETER, "missing required parameter",
                parameter + " must be included.", parameter);
    }

    public static LedgerException invalid(String parameter, String longMessage) {
        return new LedgerException(Kind.INVALID_PARAMETER, "is invalid", longMessage, parameter);
    }

    public static LedgerException badRequest(String longMessage, String parameter) {
        return new LedgerException(Kind.BAD_REQUEST, "Bad request", longMessage, parameter);
    }

    public static LedgerException notFound() {
        return new LedgerException(Kind.NOT_FOUND, "not found", "Resource not found", null);
    }

    /** Authenticated, but not allowed to do this (a session token outside its user and organization). */
    public static LedgerException forbidden(String longMessage) {
        return new LedgerException(Kind.FORBIDDEN, "Unauthorized request", longMessage, null);
    }

    public static LedgerException unavailable(String longMessage) {
        return new LedgerException(Kind.UNAVAILABLE, "service unavailable", longMessage, null);
    }

    public Kind kind() {
        return kind;
    }

    /** The request field at fault ({@code meta.param_name}), or null. */
    public String parameter() {
        return parameter;
    }

    public String longMessage() {
        return longMessage;
    }
}
