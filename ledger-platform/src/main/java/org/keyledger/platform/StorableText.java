package org.keyledger.platform;

import org.keyledger.platform.error.LedgerException;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Text the ledger can keep: PostgreSQL {@code text} cannot hold NUL, and the JDBC driver turns an unpaired surrogate
 * into '?'. Either would make the read model or the name table disagree with the event, or stop the projection for
 * everyone, so both are refused where they enter, naming the request field at fault.
 */
public final class StorableText {

    private StorableText() {
    }

    /** @return {@code value}, unchanged; null is fine */
    public static String require(String parameter, String value) {
        if (value != null && !storable(value)) {
            throw LedgerException.invalid(parameter,
                    parameter + " must be valid Unicode text without the NUL character.");
        }
        return value;
    }

    /** Checks every string in a JSON-like value (maps, lists, strings, numbers, booleans), keys included. */
    public static Object requireWithin(String parameter, Object value) {
        if (value instanceof String text) {
            require(parameter, text);
        } else if (value instanceof Map<?, ?> map) {
            map.forEach((key, element) -> {
                requireWithin(parameter, key);
                requireWithin(parameter, element);
            });
        } else if (value instanceof List<?> list) {
            list.forEach(element -> requireWithin(parameter, element));
        }
        return value;
    }

    private static boolean storable(String value) {
        return value.indexOf('\u0000') < 0 && StandardCharsets.UTF_8.newEncoder().canEncode(value);
    }
}
