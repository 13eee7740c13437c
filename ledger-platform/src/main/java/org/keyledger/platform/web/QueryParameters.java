package org.keyledger.platform.web;

import org.keyledger.platform.StorableText;
import org.keyledger.platform.error.LedgerException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads query-string parameters with the same errors as {@link JsonFields}: each names the parameter at fault. */
public final class QueryParameters {

    private final Map<String, String> values;

    public QueryParameters(Map<String, String> values) {
        this.values = values;
    }

    /** A parameter sent more than once is one value, joined with commas: clerk-js splits a value at its commas. */
    public static QueryParameters joined(Map<String, List<String>> values) {
        Map<String, String> joined = new LinkedHashMap<>();
        values.forEach((name, list) -> joined.put(name, String.join(",", list)));
        return new QueryParameters(joined);
    }

    public String text(String name) {
        String value = values.get(name);
        return value == null || value.isEmpty() ? null : StorableText.require(name, value);
    }

    public String required(String name) {
        String value = text(name);
        if (value == null) {
            throw LedgerException.missing(name);
        }
        return value;
    }

    public boolean bool(String name, boolean absent) {
        String value = text(name);
        if (value == null) {
            return absent;
        }
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw LedgerException.invalid(name, name + " must be true or false.");
        };
    }

    public int integer(String name, int absent, int min, int max) {
        String value = text(name);
        if (value == null) {
            return absent;
        }
        try {
            // Clerk's Java SDK types limit and offset as doubles and sends "10.0"
            int number = new java.math.BigDecimal(value).intValueExact();
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException | ArithmeticException ignored) {
            // answered below
        }
        throw LedgerException.invalid(name, max == Integer.MAX_VALUE
                ? name + " must be a whole number of at least " + min + "."
                : name + " must be a whole number from " + min + " to " + max + ".");
    }
}
