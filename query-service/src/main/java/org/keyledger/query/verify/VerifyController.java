package org.keyledger.query.verify;

import org.keyledger.platform.error.LedgerException;
import org.keyledger.platform.web.ApiKeyPaths;
import org.keyledger.platform.web.JsonFields;
import org.keyledger.wire.ApiKeyObject;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;
import java.util.Set;

/** {@code POST /api_keys/verify}: 200 with the key for an active key's secret, 404 for anything else. */
@RestController
class VerifyController {

    private static final Set<String> FIELDS = Set.of("secret");

    private final Verifier verifier;
    private final JsonMapper json;
    private final Clock clock;

    VerifyController(Verifier verifier, JsonMapper json, Clock clock) {
        this.verifier = verifier;
        this.json = json;
        this.clock = clock;
    }

    @PostMapping(path = {ApiKeyPaths.V1 + "/verify", ApiKeyPaths.BARE + "/verify"},
            produces = MediaType.APPLICATION_JSON_VALUE)
    ApiKeyObject verify(@RequestBody(required = false) JsonNode body) {
        String secret = JsonFields.of(body, json, FIELDS).requiredText("secret");
        long now = clock.millis();
        return verifier.verify(secret, now).orElseThrow(LedgerException::notFound).toObject(now);
    }
}
