package org.keyledger.platform.web;

import jakarta.servlet.http.HttpServletRequest;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.keyledger.platform.error.ClerkErrors;
import org.keyledger.platform.error.DatabaseUnavailable;
import org.keyledger.platform.error.LedgerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Every failure leaves in Clerk's envelope, with {@code Content-Type: application/json} and no stack trace, SQL or
 * class name. Unexpected failures are logged here with the request id and answered with a bare 500.
 */
@RestControllerAdvice
public class ClerkErrorAdvice {

    private static final Logger log = LoggerFactory.getLogger(ClerkErrorAdvice.class);

    @ExceptionHandler
    ResponseEntity<ClerkErrors.Envelope> ledger(LedgerException e, HttpServletRequest request) {
        ResponseEntity.BodyBuilder response = ResponseEntity.status(ClerkErrors.status(e.kind()));
        if (e.kind() == LedgerException.Kind.UNAVAILABLE) {
            response.header("Retry-After", "1");
        }
        return response.contentType(MediaType.APPLICATION_JSON).body(ClerkErrors.of(e, traceId(request)));
    }

    /** Unknown key, and a key whose aggregate was deleted. */
    @ExceptionHandler
    ResponseEntity<ClerkErrors.Envelope> aggregateNotFound(AggregateNotFoundException e, HttpServletRequest request) {
        return ledger(LedgerException.notFound(), request);
    }

    /** Two writers raced on one key across instances; the loser may retry. */
    @ExceptionHandler
    ResponseEntity<ClerkErrors.Envelope> concurrency(ConcurrencyException e, HttpServletRequest request) {
        return respond(HttpStatus.CONFLICT, ClerkErrors.envelope("conflict",
                "The API key was changed by another request at the same time; retry.", "conflict", null,
                traceId(request)));
    }

    @ExceptionHandler
    ResponseEntity<ClerkErrors.Envelope> unreadable(HttpMessageNotReadableException e, HttpServletRequest request) {
        return ledger(describe(e), request);
    }

    @ExceptionHandler
    ResponseEntity<ClerkErrors.Envelope> missingQuery(MissingServletRequestParameterException e,
                                                      HttpServletRequest request) {
        return ledger(LedgerException.missing(e.getParameterName()), request);
    }

    @ExceptionHandler
    ResponseEntity<ClerkErrors.Envelope> queryType(MethodArgumentTypeMismatchException e,
                                                   HttpServletRequest request) {
        return ledger(LedgerException.invalid(e.getName(), e.getName() + " has an invalid format."), request);
    }

    @ExceptionHandler
    ResponseEntity<ClerkErrors.Envelope> noRoute(NoResourceFoundException e, HttpServletRequest request) {
        return ledger(LedgerException.notFound(), request);
    }

    @ExceptionHandler
    ResponseEntity<ClerkErrors.Envelope> method(HttpRequestMethodNotSupportedException e,
                                                HttpServletRequest request) {
        return ResponseEntity.status(HttpStatus.METHOD_NOT_ALLOWED).headers(e.getHeaders()) // Allow
                .contentType(MediaType.APPLICATION_JSON).body(ClerkErrors.envelope("method not allowed",
                        "This route does not accept " + e.getMethod() + ".", "method_not_allowed", null,
                        traceId(request)));
    }

    /** The client's Accept rules out JSON, the only thing the ledger answers: the client's error, not a 500. */
    @ExceptionHandler
    ResponseEntity<ClerkErrors.Envelope> notAcceptable(HttpMediaTypeNotAcceptableException e,
                                                       HttpServletRequest request) {
        return respond(HttpStatus.NOT_ACCEPTABLE, ClerkErrors.envelope("not acceptable",
                "The ledger answers application/json only.", "not_acceptable", null, traceId(request)));
    }

    @ExceptionHandler
    ResponseEntity<ClerkErrors.Envelope> mediaType(HttpMediaTypeNotSupportedException e,
                                                   HttpServletRequest request) {
        return ledger(LedgerException.badRequest("The request body must be JSON (Content-Type: application/json).",
                null), request);
    }

    @ExceptionHandler
    ResponseEntity<ClerkErrors.Envelope> unexpected(Exception e, HttpServletRequest request) {
        LedgerException cause = ledgerCause(e);
        if (cause != null) {
            return ledger(cause, request);
        }
        if (DatabaseUnavailable.causes(e)) {
            log.warn("PostgreSQL is unreachable: {} {} answered 503", request.getMethod(), request.getRequestURI());
            return ledger(LedgerException.unavailable("The ledger's database is unreachable; retry shortly."),
                    request);
        }
        log.error("Unexpected failure on {} {}", request.getMethod(), request.getRequestURI(), e);
        return respond(HttpStatus.INTERNAL_SERVER_ERROR, ClerkErrors.envelope("internal error",
                "The ledger could not complete the request.", "internal_clerk_error", null, traceId(request)));
    }

    private static LedgerException ledgerCause(Throwable e) {
        for (Throwable t = e; t != null && t != t.getCause(); t = t.getCause()) {
            if (t instanceof LedgerException ledger) {
                return ledger;
            }
        }
        return null;
    }

    private static LedgerException describe(HttpMessageNotReadableException e) {
        Throwable cause = e.getCause();
        if (cause instanceof UnrecognizedPropertyException unknown) {
            return LedgerException.badRequest(unknown.getPropertyName() + " is not a recognised parameter.",
                    unknown.getPropertyName());
        }
        if (cause instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()
                && mismatch.getPath().get(0).getPropertyName() != null) {
            String parameter = mismatch.getPath().get(0).getPropertyName();
            return LedgerException.invalid(parameter, parameter + " has an invalid type.");
        }
        if (cause instanceof JacksonException) {
            return LedgerException.badRequest("The request body is not valid JSON.", null);
        }
        return LedgerException.badRequest("The request body could not be read.", null);
    }

    private static ResponseEntity<ClerkErrors.Envelope> respond(HttpStatus status, ClerkErrors.Envelope body) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(body);
    }

    private static String traceId(HttpServletRequest request) {
        return LedgerRequestFilter.currentRequestId(request);
    }
}
