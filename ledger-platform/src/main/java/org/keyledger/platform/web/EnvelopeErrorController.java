package org.keyledger.platform.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.keyledger.platform.error.ClerkErrors;
import org.keyledger.platform.error.LedgerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.web.bind.annotation.RequestMapping;

import java.io.IOException;

/**
 * The {@code /error} route, in place of Spring Boot's: whatever the servlet container turns into an error (a
 * {@code sendError}, an exception outside Spring MVC) leaves in Clerk's envelope, never as Spring's JSON or HTML.
 */
@org.springframework.stereotype.Controller
public class EnvelopeErrorController implements ErrorController {

    private static final Logger log = LoggerFactory.getLogger(EnvelopeErrorController.class);

    @RequestMapping("${server.error.path:/error}")
    void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer value ? value : HttpServletResponse.SC_NOT_FOUND;
        Throwable failure = (Throwable) request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        String traceId = LedgerRequestFilter.currentRequestId(request);
        if (traceId == null) {
            traceId = HttpErrors.newRequestId();
            response.setHeader(LedgerRequestFilter.REQUEST_ID_HEADER, traceId);
        }
        ClerkErrors.Envelope envelope = HttpErrors.envelope(status, traceId);
        for (Throwable t = failure; t != null && t != t.getCause(); t = t.getCause()) {
            if (t instanceof LedgerException ledger) {
                status = ClerkErrors.status(ledger.kind()).value();
                envelope = ClerkErrors.of(ledger, traceId);
                break;
            }
            if (t instanceof InvalidParameterException || t instanceof RequestShapeFilter.BodyTooLargeException) {
                status = t instanceof InvalidParameterException ? 400 : 413;
                envelope = HttpErrors.envelope(status, traceId);
                break;
            }
        }
        if (status >= 500 && status != 503) {
            log.error("Unexpected failure on {} {}", request.getMethod(),
                    request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI), failure);
        }
        if (!response.isCommitted()) {
            response.resetBuffer();
            HttpErrors.write(response, status, envelope, !"HEAD".equals(request.getMethod()));
        }
    }
}
