package org.keyledger.platform.web;

import jakarta.servlet.http.HttpServletResponse;
import org.keyledger.platform.error.ClerkErrors;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The envelope for an HTTP-level failure, one that is not the ledger's own answer (a method the route lacks, a
 * request Tomcat refused to parse, a body over the limit): the one mapping from such a status to Clerk's message and
 * code, and the one way of writing it outside Spring MVC (Tomcat's error valve, the {@code /error} route).
 */
public final class HttpErrors {

    /** The largest request body the ledger reads; its largest legitimate body (a create) is a few KiB. */
    public static final int MAX_BODY_BYTES = 64 * 1024;
    /** ...but for a bulk import: 1,000 keys of the longest fields (a 512-character secret) and modest claims. */
    public static final int MAX_IMPORT_BODY_BYTES = 8 * 1024 * 1024;
    private static final Pattern IMPORT_PATH = Pattern.compile("/(v1/)?api_keys/import/?");

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private HttpErrors() {
    }

    /** The body limit of the route at this path. */
    public static long maxBodyBytes(String requestUri) {
        return IMPORT_PATH.matcher(requestUri).matches() ? MAX_IMPORT_BODY_BYTES : MAX_BODY_BYTES;
    }

    public static ClerkErrors.Envelope envelope(int status, String traceId) {
        return ClerkErrors.envelope(message(status), longMessage(status), code(status), null, traceId);
    }

    public static String code(int status) {
        return switch (status) {
            case 401 -> "authentication_invalid";
            case 404 -> "resource_not_found";
            case 405 -> "method_not_allowed";
            case 406 -> "not_acceptable";
            case 408 -> "request_timeout";
            case 413 -> "request_body_too_large";
            case 414 -> "request_uri_too_long";
            case 415 -> "unsupported_media_type";
            case 431 -> "request_header_fields_too_large";
            case 503 -> "service_unavailable";
            default -> status >= 500 ? "internal_clerk_error" : "bad_request";
        };
    }

    private static String message(int status) {
        return switch (status) {
            case 401 -> "Invalid authentication";
            case 404 -> "not found";
            case 405 -> "method not allowed";
            case 413 -> "request body too large";
            case 414 -> "request URI too long";
            case 431 -> "request headers too large";
            case 503 -> "service unavailable";
            default -> status >= 500 ? "internal error" : "Bad request";
        };
    }

    private static String longMessage(int status) {
        return switch (status) {
            case 401 -> "The request could not be authenticated: send Authorization: Bearer <instance secret key>.";
            case 404 -> "Resource not found";
            case 405 -> "This route does not accept this method.";
            case 406 -> "The ledger answers application/json only.";
            case 408 -> "The request was not received in time.";
            case 413 -> "The request body is larger than the route accepts: " + MAX_BODY_BYTES / 1024 + " KiB, "
                    + MAX_IMPORT_BODY_BYTES / 1024 / 1024 + " MiB for an import.";
            case 414 -> "The request URI is too long.";
            case 415 -> "The request body must be JSON (Content-Type: application/json).";
            case 431 -> "The request's headers (or its URI) are too large.";
            case 503 -> "The ledger is unavailable for a moment; retry.";
            default -> status >= 500 ? "The ledger could not complete the request."
                    : "The request could not be understood: a malformed URI, query string, header or body.";
        };
    }

    /** Writes the envelope as the whole answer, exactly {@code application/json}; a HEAD gets the headers only. */
    public static void write(HttpServletResponse response, int status, String traceId, boolean withBody)
            throws IOException {
        write(response, status, envelope(status, traceId), withBody);
    }

    public static void write(HttpServletResponse response, int status, ClerkErrors.Envelope envelope,
                             boolean withBody) throws IOException {
        byte[] body = JSON.writeValueAsBytes(envelope);
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setHeader(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON_VALUE);
        if (status == 503) {
            response.setHeader(HttpHeaders.RETRY_AFTER, "1");
        }
        response.setContentLength(body.length);
        if (withBody) {
            response.getOutputStream().write(body);
        }
        response.flushBuffer();
    }

    /** A request id for a request that failed before the ledger's filter gave it one. */
    static String newRequestId() {
        return "req_" + UUID.randomUUID().toString().replace("-", "");
    }
}
