package org.keyledger.platform.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.keyledger.platform.error.ClerkErrors;
import org.springframework.http.HttpMethod;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * Refuses what no route could answer before any route sees it: a malformed query string (Tomcat parses it only when
 * a parameter is first read, so a route that reads none would ignore it) with 400, and a body over
 * its route's limit ({@link HttpErrors#maxBodyBytes}) with 413, at once when its {@code Content-Length} says so, else (chunked) as soon
 * as reading passes the limit.
 */
public class RequestShapeFilter extends OncePerRequestFilter {

    /** Thrown by the body's stream past the limit; answered 413 wherever it surfaces. */
    public static class BodyTooLargeException extends IOException {
        public BodyTooLargeException(long limit) {
            super("request body over " + limit + " bytes", null);
        }
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (HttpMethod.TRACE.matches(request.getMethod())) {
            // Spring MVC answers TRACE 405 (no route has it), then HttpServlet would append its echo unless the
            // answer looks like a handler's own TRACE answer
            response = new HttpServletResponseWrapper(response) {
                @Override
                public String getContentType() {
                    return "message/http";
                }
            };
        }
        long limit = HttpErrors.maxBodyBytes(request.getRequestURI());
        if (request.getContentLengthLong() > limit) {
            response.setHeader("Connection", "close"); // the unread body is not worth draining
            HttpErrors.write(response, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE,
                    LedgerRequestFilter.currentRequestId(request), !"HEAD".equals(request.getMethod()));
            return;
        }
        if (request.getContentType() != null && !isConcrete(request.getContentType())) {
            // Spring MVC fails on a wildcard Content-Type (*/*) with an IllegalArgumentException, not a 415
            HttpErrors.write(response, HttpServletResponse.SC_UNSUPPORTED_MEDIA_TYPE,
                    LedgerRequestFilter.currentRequestId(request), !"HEAD".equals(request.getMethod()));
            return;
        }
        if (!wellEscaped(request.getRequestURI())) { // Tomcat lets a bad escape through in a ;path-parameter
            HttpErrors.write(response, HttpServletResponse.SC_BAD_REQUEST, ClerkErrors.envelope("Bad request",
                    "The path is malformed (a % not followed by two hexadecimal digits).", "bad_request", null,
                    LedgerRequestFilter.currentRequestId(request)), !"HEAD".equals(request.getMethod()));
            return;
        }
        try {
            request.getParameterMap();
        } catch (InvalidParameterException e) {
            HttpErrors.write(response, HttpServletResponse.SC_BAD_REQUEST, ClerkErrors.envelope("Bad request",
                    "The query string is malformed (a % not followed by two hexadecimal digits, or invalid UTF-8).",
                    "bad_request", null, LedgerRequestFilter.currentRequestId(request)),
                    !"HEAD".equals(request.getMethod()));
            return;
        }
        chain.doFilter(request.getContentLengthLong() < 0 ? new Limited(request, limit) : request, response);
    }

    private static boolean isConcrete(String contentType) {
        try {
            MediaType type = MediaType.parseMediaType(contentType);
            return !type.isWildcardType() && !type.isWildcardSubtype();
        } catch (InvalidMediaTypeException e) {
            return false;
        }
    }

    private static boolean wellEscaped(String uri) {
        for (int i = uri.indexOf('%'); i >= 0; i = uri.indexOf('%', i + 1)) {
            if (i + 2 >= uri.length() || Character.digit(uri.charAt(i + 1), 16) < 0
                    || Character.digit(uri.charAt(i + 2), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    private static final class Limited extends HttpServletRequestWrapper {
        private final long limit;
        private ServletInputStream stream;

        Limited(HttpServletRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new LimitedStream(super.getInputStream(), limit);
            }
            return stream;
        }
    }

    private static final class LimitedStream extends ServletInputStream {
        private final ServletInputStream in;
        private final long limit;
        private long read;

        LimitedStream(ServletInputStream in, long limit) {
            this.in = in;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) throws BodyTooLargeException {
            read += n;
            if (read > limit) {
                throw new BodyTooLargeException(limit);
            }
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
