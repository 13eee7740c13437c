package org.keyledger.platform.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.keyledger.platform.RequestMetadata;
import org.keyledger.platform.error.ClerkErrors;
import org.keyledger.platform.session.Session;
import org.keyledger.platform.session.SessionGate;
import org.keyledger.platform.session.SessionRefused;
import org.keyledger.platform.session.SessionTokens;
import org.keyledger.platform.session.UserScopedRoutes;
import org.slf4j.MDC;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * First thing on every request: gives it an id (for logs, events and {@code clerk_trace_id}), authenticates the
 * instance key on the API routes — or, for a bearer that is a JWT, the session token ({@link SessionGate}) — and
 * records who and where for the audit trail.
 */
public class LedgerRequestFilter extends OncePerRequestFilter {

    public static final String REQUEST_ID_HEADER = "X-Request-Id";
    static final String METADATA_ATTRIBUTE = RequestMetadata.class.getName();
    private static final Pattern SANE_REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    private static final String BEARER = "Bearer ";

    private final InstanceKeys instanceKeys;
    private final JsonMapper jsonMapper;
    private final SessionGate sessions;

    public LedgerRequestFilter(InstanceKeys instanceKeys, JsonMapper jsonMapper, SessionGate sessions) {
        this.instanceKeys = instanceKeys;
        this.jsonMapper = jsonMapper;
        this.sessions = sessions;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest original, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        HttpServletRequest request = UserScopedRoutes.normalized(original);
        String requestId = requestId(request);
        response.setHeader(REQUEST_ID_HEADER, requestId);
        MDC.put("requestId", requestId);
        try {
            if (isPublic(request)) {
                chain.doFilter(request, response);
                return;
            }
            if (sessions.answerPreflight(request, response)) {
                return;
            }
            String bearer = bearerToken(request);
            if (SessionTokens.isSessionToken(bearer)) {
                Session session;
                try {
                    session = sessions.admit(request, response, bearer);
                } catch (SessionRefused e) {
                    refuse(response, e.status(), e.message(), e.getMessage(), e.code(), requestId);
                    return;
                }
                if (session != null) {
                    request.setAttribute(METADATA_ATTRIBUTE, new RequestMetadata(session.userId(), requestId,
                            request.getRemoteAddr(), request.getHeader(HttpHeaders.USER_AGENT), session.sessionId(),
                            session.organizationId()));
                    chain.doFilter(request, response);
                }
                return;
            }
            var actor = instanceKeys.authenticate(bearer);
            if (actor.isEmpty()) {
                refuse(response, HttpServletResponse.SC_UNAUTHORIZED, "Invalid authentication",
                        "The request could not be authenticated: send Authorization: Bearer <instance secret key>.",
                        "authentication_invalid", requestId);
                return;
            }
            request.setAttribute(METADATA_ATTRIBUTE, new RequestMetadata(actor.get(), requestId,
                    request.getRemoteAddr(), request.getHeader(HttpHeaders.USER_AGENT)));
            chain.doFilter(request, response);
        } finally {
            MDC.remove("requestId");
        }
    }

    private void refuse(HttpServletResponse response, int status, String message, String longMessage, String code,
                        String requestId) throws IOException {
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        jsonMapper.writeValue(response.getOutputStream(),
                ClerkErrors.envelope(message, longMessage, code, null, requestId));
    }

    /** Health, metrics and the API description answer without an instance key; the API itself never does. */
    private static boolean isPublic(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return path.startsWith("/actuator/") || path.startsWith("/v3/api-docs") || path.startsWith("/swagger-ui");
    }

    private static String requestId(HttpServletRequest request) {
        String sent = request.getHeader(REQUEST_ID_HEADER);
        return sent != null && SANE_REQUEST_ID.matcher(sent).matches()
                ? sent : "req_" + UUID.randomUUID().toString().replace("-", "");
    }

    private static String bearerToken(HttpServletRequest request) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        return header != null && header.regionMatches(true, 0, BEARER, 0, BEARER.length())
                ? header.substring(BEARER.length()).trim() : null;
    }

    static String currentRequestId(HttpServletRequest request) {
        RequestMetadata metadata = (RequestMetadata) request.getAttribute(METADATA_ATTRIBUTE);
        return metadata != null ? metadata.requestId() : MDC.get("requestId");
    }
}
