package org.keyledger.platform.session;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

import java.util.regex.Pattern;

/**
 * The routes a session token may use — list ({@code GET /api_keys}), create ({@code POST /api_keys}) and revoke
 * ({@code POST /api_keys/{id}/revoke}), also under {@code /v1} — and the spellings clerk-js sends them in: with
 * Clerk's {@code proxyUrl} the path is {@code {proxyUrl}//api_keys…}, and through the application's domain it
 * starts with {@code /__clerk} (answered here in local mode; the front door forwards it as is).
 */
public final class UserScopedRoutes {

    private static final Pattern USER_SCOPED = Pattern.compile("(/v1)?/api_keys(/[^/]+/revoke)?");
    private static final Pattern REVOKE = Pattern.compile("(/v1)?/api_keys/[^/]+/revoke");
    private static final String CLERK_PROXY_PREFIX = "/__clerk";

    private UserScopedRoutes() {
    }

    /** The request with its path in its plain spelling: no {@code /__clerk} prefix before api_keys, no {@code //}. */
    public static HttpServletRequest normalized(HttpServletRequest request) {
        String path = path(request);
        String collapsed = path.replaceAll("/{2,}", "/");
        String clean = collapsed.startsWith(CLERK_PROXY_PREFIX + "/api_keys")
                ? collapsed.substring(CLERK_PROXY_PREFIX.length()) : collapsed;
        if (clean.equals(path)) {
            return request;
        }
        String uri = request.getContextPath() + clean;
        // the plain spelling for the request as it came only: a forward (the console's page at /) or an error page
        // dispatched from it has a path of its own, which a fixed answer here would hide (a forward of "//" to the
        // page then forwarded to itself until the stack overflowed: HttpFuzzTest)
        return new HttpServletRequestWrapper(request) {
            private boolean asSent() {
                return getDispatcherType() == DispatcherType.REQUEST;
            }

            @Override
            public String getRequestURI() {
                return asSent() ? uri : super.getRequestURI();
            }

            @Override
            public StringBuffer getRequestURL() {
                StringBuffer url = super.getRequestURL();
                return asSent()
                        ? new StringBuffer(url.substring(0, url.length() - super.getRequestURI().length()) + uri)
                        : url;
            }

            @Override
            public String getServletPath() {
                return asSent() ? clean : super.getServletPath();
            }

            @Override
            public String getPathInfo() {
                return asSent() ? null : super.getPathInfo();
            }
        };
    }

    /** A path a browser may preflight: one of the user-scoped routes, whatever the method. */
    static boolean isUserScopedPath(HttpServletRequest request) {
        return USER_SCOPED.matcher(path(request)).matches();
    }

    /** List, create or revoke: the only routes a session token may use. */
    static boolean isUserScoped(HttpServletRequest request) {
        String path = path(request);
        String method = request.getMethod();
        if (REVOKE.matcher(path).matches()) {
            return "POST".equals(method);
        }
        return USER_SCOPED.matcher(path).matches() && ("GET".equals(method) || "POST".equals(method));
    }

    private static String path(HttpServletRequest request) {
        return request.getRequestURI().substring(request.getContextPath().length());
    }
}
