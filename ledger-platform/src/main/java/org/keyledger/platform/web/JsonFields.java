package org.keyledger.platform.web;

import org.keyledger.platform.error.LedgerException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads a JSON request body field by field, so that every route answers bad input the same way: a body that is not
 * an object or has an unknown field is a {@code bad_request}, a missing required field {@code form_param_missing},
 * a field of the wrong type {@code form_param_format_invalid}, each naming the field. It also tells an absent field
 * from an explicit {@code null}, which PATCH needs.
 */
public final class JsonFields {

    private final JsonNode body;
    private final JsonMapper mapper;

    private JsonFields(JsonNode body, JsonMapper mapper) {
        this.body = body;
        this.mapper = mapper;
    }

    /** @param body the parsed body; null or missing (no body at all) reads as {@code {}} */
    public static JsonFields of(JsonNode body, JsonMapper mapper, Set<String> allowed) {
        if (body == null || body.isMissingNode() || body.isNull()) {
            return new JsonFields(mapper.createObjectNode(), mapper);
        }
        if (!body.isObject()) {
            throw LedgerException.badRequest("The request body must be a JSON object.", null);
        }
        for (String name : body.propertyNames()) {
            if (!allowed.contains(name)) {
                throw LedgerException.badRequest(name + " is not a recognised parameter.", name);
            }
        }
        return new JsonFields(body, mapper);
    }

    /** True when the field was sent, even as null. */
    public boolean has(String name) {
        return body.has(name);
    }

    public String requiredText(String name) {
        String value = text(name);
        if (value == null) {
            throw LedgerException.missing(name);
        }
        return value;
    }

    /** The field's string, or null when absent or null. */
    public String text(String name) {
        JsonNode node = body.get(name);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isString()) {
            throw LedgerException.invalid(name, name + " must be a string.");
        }
        return node.stringValue();
    }

    /** The field's number, exactly as sent, or null when absent or null. */
    public BigDecimal number(String name) {
        JsonNode node = body.get(name);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isNumber()) {
            throw LedgerException.invalid(name, name + " must be a number.");
        }
        return node.decimalValue();
    }

    /** An array of strings, or null when absent or null. */
    public List<String> textList(String name) {
        JsonNode node = body.get(name);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isArray()) {
            throw LedgerException.invalid(name, name + " must be an array of strings.");
        }
        List<String> values = new ArrayList<>(node.size());
        for (JsonNode element : node) {
            if (!element.isString()) {
                throw LedgerException.invalid(name, name + " must be an array of strings.");
            }
            values.add(element.stringValue());
        }
        return List.copyOf(values);
    }

    /** Any JSON value as plain Java (maps, lists, strings, numbers, booleans), or null; keys are kept as sent. */
    public Object json(String name) {
        JsonNode node = body.get(name);
        return node == null || node.isNull() ? null : mapper.treeToValue(node, Object.class);
    }
}
