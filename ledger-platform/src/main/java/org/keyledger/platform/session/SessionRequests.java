package org.keyledger.platform.session;

import org.keyledger.platform.error.LedgerException;

import java.util.List;
import java.util.function.Predicate;

/** What a session may not put in a request body, unlike the instance key. */
public final class SessionRequests {

    /** Set by the application's backend only: a user must not grant their own key scopes or claims. */
    static final List<String> SERVER_ONLY_CREATE_FIELDS = List.of("scopes", "claims", "created_by");

    private SessionRequests() {
    }

    /** @param sent whether the body has the field (even as null) */
    public static void refuseServerOnlyFields(Predicate<String> sent) {
        for (String field : SERVER_ONLY_CREATE_FIELDS) {
            if (sent.test(field)) {
                throw LedgerException.badRequest(field + " cannot be set with a session token: only the "
                        + "instance secret key sets it" + ("created_by".equals(field) ? " (a session's keys are "
                        + "created by its user)." : "."), field);
            }
        }
    }
}
