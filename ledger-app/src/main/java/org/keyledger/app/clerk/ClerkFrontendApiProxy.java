package org.keyledger.app.clerk;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.keyledger.platform.error.ClerkErrors;
import org.keyledger.platform.session.UserScopedRoutes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collections;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/**
 * Clerk's {@code proxyUrl} pointed at local mode: what the front door does for {@code /__clerk/}, in the one
 * process. {@code /__clerk/api_keys…} and {@code /__clerk//api_keys…} go on to the ledger's own routes (the rule is
 * {@link UserScopedRoutes}'); everything else under {@code /__clerk/} is forwarded to Clerk's Frontend API as Clerk's
 * proxy guide asks — the path without {@code /__clerk}, the query, method, headers and body as sent, plus
 * {@code Clerk-Proxy-Url}, {@code Clerk-Secret-Key} and {@code X-Forwarded-For} — and its answer streamed back as
 * it came (status, headers, body; redirects included).
 */
public class ClerkFrontendApiProxy extends OncePerRequestFilter {

    static final String PREFIX = "/__clerk";
    static final String PROXY_URL_HEADER = "Clerk-Proxy-Url";
    static final String SECRET_KEY_HEADER = "Clerk-Secret-Key";
    static final String FORWARDED_FOR_HEADER = "X-Forwarded-For";

    private static final Logger log = LoggerFactory.getLogger(ClerkFrontendApiProxy.class);
    /** Hop-by-hop headers (RFC 9110 §7.6.1), those the JDK client sets itself, and those this proxy sets. */
    private static final Set<String> NOT_FORWARDED = Set.of("connection", "keep-alive", "proxy-connection",
            "proxy-authenticate", "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "host",
            "content-length", "expect", "http2-settings",
            PROXY_URL_HEADER.toLowerCase(Locale.ROOT), SECRET_KEY_HEADER.toLowerCase(Locale.ROOT),
            FORWARDED_FOR_HEADER.toLowerCase(Locale.ROOT));
    private static final Set<String> NOT_RETURNED = Set.of("connection", "keep-alive", "proxy-connection",
            "te", "trailer", "transfer-encoding", "upgrade", "content-length", SECRET_KEY_HEADER.toLowerCase(Locale.ROOT));
    /** As the front door's proxy_read_timeout. */
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final ClerkProxyProperties properties;
    private final JsonMapper jsonMapper;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10)).build();

    public ClerkFrontendApiProxy(ClerkProxyProperties properties, JsonMapper jsonMapper) {
        this.properties = properties;
        this.jsonMapper = jsonMapper;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        // the api_keys spellings lose their /__clerk prefix there; what keeps it is Clerk's
        String normalized = UserScopedRoutes.normalized(request).getRequestURI();
        return !normalized.startsWith(request.getContextPath() + PREFIX + "/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (properties.frontendApi() == null) {
            refuse(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, "Clerk's Frontend API is not configured",
                    "Only /__clerk/api_keys… is answered by the ledger itself; to send the rest of /__clerk/… to "
                            + "Clerk's Frontend API, set CLERK_FRONTEND_API (e.g. https://frontend-api.clerk.dev), "
                            + "CLERK_SECRET_KEY and, behind another host name, CLERK_PROXY_URL.",
                    "clerk_frontend_api_not_configured");
            return;
        }
        HttpResponse<InputStream> answer;
        try {
            answer = http.send(forwarded(request), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            log.warn("Clerk's Frontend API at {} did not answer: {}", properties.frontendApi(), e.toString());
            refuse(response, HttpServletResponse.SC_BAD_GATEWAY, "Clerk's Frontend API did not answer",
                    "The request could not be forwarded to Clerk's Frontend API (CLERK_FRONTEND_API).",
                    "clerk_frontend_api_unreachable");
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while forwarding to Clerk's Frontend API", e);
        }
        response.setStatus(answer.statusCode());
        answer.headers().map().forEach((name, values) -> {
            if (!NOT_RETURNED.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(value -> response.addHeader(name, value));
            }
        });
        answer.headers().firstValueAsLong(HttpHeaders.CONTENT_LENGTH).ifPresent(response::setContentLengthLong);
        try (InputStream body = answer.body()) {
            body.transferTo(response.getOutputStream());
        }
    }

    private HttpRequest forwarded(HttpServletRequest request) throws IOException {
        String contextPath = request.getContextPath();
        String path = request.getRequestURI().substring(contextPath.length() + PREFIX.length()); // raw, as sent
        String query = request.getQueryString();
        String base = properties.frontendApi().toString().replaceAll("/+$", "");
        HttpRequest.Builder forward = HttpRequest.newBuilder(URI.create(base + path + (query == null ? "" : "?" + query)))
                .timeout(TIMEOUT).method(request.getMethod(), body(request));
        for (String name : Collections.list(request.getHeaderNames())) {
            if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT))) {
                Collections.list(request.getHeaders(name)).forEach(value -> forward.header(name, value));
            }
        }
        // what is left of the browser's chain after the trusted proxies Tomcat took off it, then the client as the
        // ledger sees it (its audit trail records the same address)
        String forwardedFor = request.getHeader(FORWARDED_FOR_HEADER);
        forward.header(FORWARDED_FOR_HEADER, (forwardedFor == null || forwardedFor.isBlank() ? ""
                : forwardedFor + ", ") + request.getRemoteAddr());
        forward.header(PROXY_URL_HEADER, properties.proxyUrl() != null ? properties.proxyUrl() : proxyUrl(request));
        if (properties.secretKey() != null) {
            forward.header(SECRET_KEY_HEADER, properties.secretKey());
        }
        return forward.build();
    }

    /** The browser's body as it streams in, with its length when it sent one. */
    private static HttpRequest.BodyPublisher body(HttpServletRequest request) throws IOException {
        long length = request.getContentLengthLong();
        boolean chunked = request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null;
        if (length <= 0 && !chunked) {
            return HttpRequest.BodyPublishers.noBody();
        }
        InputStream in = request.getInputStream();
        HttpRequest.BodyPublisher stream = HttpRequest.BodyPublishers.ofInputStream(() -> in);
        return length > 0 ? HttpRequest.BodyPublishers.fromPublisher(stream, length) : stream;
    }

    /** This ledger's own {@code /__clerk}, as the browser reached it (forwarded headers already applied). */
    private static String proxyUrl(HttpServletRequest request) {
        StringBuffer url = request.getRequestURL();
        return url.substring(0, url.length() - request.getRequestURI().length()) + request.getContextPath() + PREFIX;
    }

    private void refuse(HttpServletResponse response, int status, String message, String longMessage, String code)
            throws IOException {
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        jsonMapper.writeValue(response.getOutputStream(), ClerkErrors.envelope(message, longMessage, code, null,
                "req_" + UUID.randomUUID().toString().replace("-", "")));
    }
}
