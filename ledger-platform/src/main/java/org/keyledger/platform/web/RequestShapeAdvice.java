package org.keyledger.platform.web;

import jakarta.servlet.http.HttpServletRequest;
import org.keyledger.platform.error.ClerkErrors;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * A chunked body passes the size limit ({@link RequestShapeFilter}) only while a route reads it, and surfaces wrapped
 * in whatever read it: consulted before {@link ClerkErrorAdvice}, whose catch-all would answer 500.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
public class RequestShapeAdvice {

    @ExceptionHandler
    ResponseEntity<ClerkErrors.Envelope> bodyTooLarge(RequestShapeFilter.BodyTooLargeException e,
                                                      HttpServletRequest request) {
        return respond(413, HttpErrors.envelope(413, LedgerRequestFilter.currentRequestId(request)));
    }

    private static ResponseEntity<ClerkErrors.Envelope> respond(int status, ClerkErrors.Envelope body) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(body);
    }
}
