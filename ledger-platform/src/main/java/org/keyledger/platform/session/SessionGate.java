package org.keyledger.platform.session;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.keyledger.platform.error.ClerkErrors;
import org.keyledger.platform.web.HttpErrors;
import org.keyledger.platform.web.LedgerRequestFilter;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsProcessor;
import org.springframework.web.cors.CorsUtils;
import org.springframework.web.cors.DefaultCorsProcessor;

import java.io.IOException;
import java.util.List;

/**
 * Admits a request that carries a session token: CORS for the authorized parties first (so that a browser can read
 * even a refusal), then the token, then the route (list, create, revoke only). Instance-key requests never come
 * here, so they get no CORS headers.
 */
public class SessionGate {

    /** The request attribute that holds the authenticated {@link Session}. */
    public static final String SESSION_ATTRIBUTE = Session.class.getName();

    private final SessionTokens tokens;
    private final CorsConfiguration cors;
    private final CorsProcessor corsProcessor = new EnvelopeCorsProcessor();

    public SessionGate(SessionTokens tokens, SessionProperties properties) {
        this.tokens = tokens;
        this.cors = new CorsConfiguration();
        cors.setAllowedOrigins(properties.authorizedParties());
        cors.setAllowedMethods(List.of("GET", "POST"));
        cors.setAllowedHeaders(List.of(HttpHeaders.AUTHORIZATION, HttpHeaders.CONTENT_TYPE));
        cors.setAllowCredentials(false);
        cors.setMaxAge(600L);
    }

    /** Answers the preflight of a user-scoped route (it carries no token) and says so; false for anything else. */
    public boolean answerPreflight(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!CorsUtils.isPreFlightRequest(request) || !UserScopedRoutes.isUserScopedPath(request)) {
            return false;
        }
        corsProcessor.processRequest(cors, request, response);
        return true;
    }

    /**
     * The session, or null when the response is already written (a cross-origin request from an origin that is not
     * an authorized party: 403 by the CORS processor).
     *
     * @throws SessionRefused for a bad token (401), or a good one on a route a session may not use (403)
     */
    public Session admit(HttpServletRequest request, HttpServletResponse response, String token) throws IOException {
        boolean userScoped = UserScopedRoutes.isUserScoped(request);
        if (userScoped && !corsProcessor.processRequest(cors, request, response)) {
            return null;
        }
        Session session = tokens.authenticate(token);
        if (!userScoped) {
            throw new SessionRefused(false, "A session token may only list, create and revoke API keys; this "
                    + "route needs the instance secret key.");
        }
        request.setAttribute(SESSION_ATTRIBUTE, session);
        return session;
    }

    /** Spring's CORS, its refusal of an origin that is not an authorized party in Clerk's envelope (not plain text). */
    private static final class EnvelopeCorsProcessor extends DefaultCorsProcessor {
        @Override
        protected void rejectRequest(ServerHttpResponse response) throws IOException {
            HttpServletResponse servlet = ((ServletServerHttpResponse) response).getServletResponse();
            HttpErrors.write(servlet, 403, ClerkErrors.envelope("Unauthorized request",
                    "This origin is not one of the ledger's authorized parties.", "authorization_invalid", null,
                    servlet.getHeader(LedgerRequestFilter.REQUEST_ID_HEADER)), true);
        }
    }
}
