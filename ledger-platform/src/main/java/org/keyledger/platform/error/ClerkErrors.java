package org.keyledger.platform.error;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.springframework.http.HttpStatus;

import java.util.List;
import java.util.Map;

/** Clerk's error envelope, and the one mapping from a ledger failure to its HTTP status and Clerk error code. */
public final class ClerkErrors {

    private ClerkErrors() {
    }

    public record Envelope(List<Error> errors, @JsonProperty("clerk_trace_id") String clerkTraceId) {
    }

    public record Error(String message, @JsonProperty("long_message") String longMessage, String code,
                        Map<String, Object> meta) {
    }

    public static HttpStatus status(LedgerException.Kind kind) {
        return switch (kind) {
            case MISSING_PARAMETER, INVALID_PARAMETER, BAD_REQUEST -> HttpStatus.BAD_REQUEST;
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case FORBIDDEN -> HttpStatus.FORBIDDEN;
            case CONFLICT -> HttpStatus.CONFLICT;
            case UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
        };
    }

    public static String code(LedgerException.Kind kind) {
        return switch (kind) {
            case MISSING_PARAMETER -> "form_param_missing";
            case INVALID_PARAMETER -> "form_param_format_invalid";
            case BAD_REQUEST -> "bad_request";
            case NOT_FOUND -> "resource_not_found";
            case FORBIDDEN -> "authorization_invalid";
            case CONFLICT -> "token_creation_conflict";
            case UNAVAILABLE -> "service_unavailable";
        };
    }

    public static Envelope of(LedgerException e, String traceId) {
        return envelope(e.getMessage(), e.longMessage(), code(e.kind()), e.parameter(), traceId);
    }

    public static Envelope envelope(String message, String longMessage, String code, String parameter,
                                    String traceId) {
        Map<String, Object> meta = parameter == null ? Map.of() : Map.of("param_name", parameter);
        return new Envelope(List.of(new Error(message, longMessage, code, meta)), traceId);
    }
}
