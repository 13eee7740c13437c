package org.keyledger.platform.web;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Replaces Tomcat's HTML error page: what Tomcat refuses before the ledger sees it ({@code %ZZ}, {@code %00} or an
 * encoded {@code ../} in the path, an illegal character) is answered in Clerk's envelope like everything else.
 */
public class EnvelopeErrorReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status == 400 && throwable != null && String.valueOf(throwable.getMessage()).contains("too large")) {
            status = 431; // Tomcat says 400 for headers (or a request line) over server.max-http-request-header-size
            response.setStatus(status);
        } else if (status == 501) {
            status = 405; // a method Tomcat does not implement (CONNECT): no route has it, the client's error
            response.setStatus(status);
        }
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(true);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        String requestId = response.getHeader(LedgerRequestFilter.REQUEST_ID_HEADER);
        if (requestId == null) {
            requestId = HttpErrors.newRequestId();
            response.setHeader(LedgerRequestFilter.REQUEST_ID_HEADER, requestId);
        }
        try {
            response.resetBuffer();
            HttpErrors.write(response.getResponse(), status, requestId, !"HEAD".equals(request.getMethod()));
        } catch (IOException | IllegalStateException ignored) {
            // the client is gone or the answer started: nothing more to say
        }
    }
}
