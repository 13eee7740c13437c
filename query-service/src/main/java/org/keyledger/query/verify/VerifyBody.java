package org.keyledger.query.verify;

import com.fasterxml.jackson.annotation.JsonCreator;
import tools.jackson.databind.JsonNode;

/**
 * The verify route's body as sent: any JSON (JsonFields checks it), carrying a secret, so its {@code toString} never
 * shows it; Spring MVC logs each body it reads at DEBUG.
 */
record VerifyBody(JsonNode json) {

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    VerifyBody {
    }

    @Override
    public String toString() {
        return "VerifyBody[<redacted>]";
    }
}
