package org.keyledger.platform.web;

import org.keyledger.events.ApiKeyId;
import org.keyledger.platform.error.LedgerException;

/** The route prefixes and path parameter every API-key route shares. */
public final class ApiKeyPaths {

    /** {@code /v1/api_keys} for the OpenAPI spec and the Python, Go and Java SDKs; {@code /api_keys} for @clerk/backend. */
    public static final String V1 = "/v1/api_keys";
    public static final String BARE = "/api_keys";
    public static final String ID_PARAMETER = "api_key_id";

    private ApiKeyPaths() {
    }

    /** The key id in a path, in any spelling Clerk accepts; anything else is a 400 naming {@code api_key_id}. */
    public static ApiKeyId id(String text) {
        return ApiKeyId.parse(text).orElseThrow(() -> LedgerException.invalid(ID_PARAMETER,
                ID_PARAMETER + " must be ak_ followed by 32 hexadecimal digits."));
    }
}
