package org.keyledger.platform;

import org.keyledger.platform.error.LedgerException;

/** Clerk's key types that the ledger serves: {@code api_key} only. One rule for create and for the list filter. */
public final class ApiKeyType {

    public static final String API_KEY = "api_key";

    private ApiKeyType() {
    }

    /** @return the type a request names, {@code api_key} when it names none; any other is refused, naming {@code type} */
    public static String requireApiKey(String requested) {
        if (requested != null && !API_KEY.equals(requested)) {
            throw LedgerException.invalid("type", "type must be api_key.");
        }
        return API_KEY;
    }
}
