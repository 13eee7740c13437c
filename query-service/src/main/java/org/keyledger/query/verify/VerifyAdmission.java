package org.keyledger.query.verify;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.concurrent.Semaphore;

/**
 * Lets at most {@code ledger.verify.concurrency} verifies run in a query service at once; the others wait their turn in
 * order of arrival, parked. Verify is the route clients call in floods, and from the cache it is pure CPU: sixteen
 * at once on two cores were sixteen runnable threads, so every other piece of work (each step of a revoke, the
 * projection, a lease renewal) waited behind all of them for a CPU, and the verifies themselves lost time to
 * switching between each other. A few at a time keep the cores as busy, and the rest of the ledger is served
 * between them (BENCHMARKS.md, "Verify admission").
 */
class VerifyAdmission extends OncePerRequestFilter {

    private final Semaphore running;

    VerifyAdmission(int concurrency) {
        this.running = new Semaphore(concurrency, true);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        running.acquireUninterruptibly();
        try {
            chain.doFilter(request, response);
        } finally {
            running.release();
        }
    }

    /** Verifies waiting for their turn now. */
    int waiting() {
        return running.getQueueLength();
    }
}
