package org.keyledger.query.verify;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Semaphore;

/**
 * Lets at most {@code ledger.verify.concurrency} verifies run in a query service at once; the others wait their turn in
 * order of arrival, parked. Verify is the route clients call in floods, and from the cache it is pure CPU: sixteen
 * at once on two cores were sixteen runnable threads, so every other piece of work (each step of a revoke, the
 * projection, a lease renewal) waited behind all of them for a CPU, and the verifies themselves lost time to
 * switching between each other. A few at a time keep the cores as busy, and the rest of the ledger is served
 * between them (BENCHMARKS.md, 2026-12-07).
 *
 * <p>The body is read before the turn is taken (it is small: RequestShapeFilter bounds it), so that a client that
 * sends it slowly, or never, holds no turn while it does (SlowVerifyClientsTest).
 */
class VerifyAdmission extends OncePerRequestFilter {

    private final Semaphore running;

    VerifyAdmission(int concurrency) {
        this.running = new Semaphore(concurrency, true);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        HttpServletRequest read = new BodyRead(request, request.getInputStream().readAllBytes());
        running.acquireUninterruptibly();
        try {
            chain.doFilter(read, response);
        } finally {
            running.release();
        }
    }

    /** Verifies waiting for their turn now. */
    int waiting() {
        return running.getQueueLength();
    }

    /** The request with its body already read. */
    private static final class BodyRead extends HttpServletRequestWrapper {

        private final byte[] body;

        BodyRead(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] buffer, int offset, int length) {
                    return in.read(buffer, offset, length);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("verify reads its body blocking");
                }
            };
        }

        /** As the container's: an unknown encoding is an {@link java.io.UnsupportedEncodingException}. */
        @Override
        public BufferedReader getReader() throws IOException {
            String encoding = getCharacterEncoding();
            return new BufferedReader(encoding == null
                    ? new InputStreamReader(getInputStream(), StandardCharsets.UTF_8)
                    : new InputStreamReader(getInputStream(), encoding));
        }
    }
}
