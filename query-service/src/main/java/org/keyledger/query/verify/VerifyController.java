package org.keyledger.query.verify;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.keyledger.platform.error.LedgerException;
import org.keyledger.platform.web.ApiKeyPaths;
import org.keyledger.platform.web.JsonFields;
import org.keyledger.query.keys.ApiKeyView;
import org.keyledger.wire.ApiKeyObject;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * {@code POST /api_keys/verify}: 200 with the key for an active key's secret, 404 for anything else. Each answer is
 * counted and timed as {@code ledger.verify} with its outcome.
 */
@RestController
@Tag(name = "API keys")
class VerifyController {

    private static final Set<String> FIELDS = Set.of("secret");

    /** valid: 200; invalid: 404 (unknown, malformed, revoked, expired); rejected: 400; unavailable: 503. */
    enum Outcome { VALID, INVALID, REJECTED, UNAVAILABLE }

    private final Verifier verifier;
    private final JsonMapper json;
    private final Clock clock;
    private final Map<Outcome, Timer> timers = new EnumMap<>(Outcome.class);

    VerifyController(Verifier verifier, JsonMapper json, Clock clock, MeterRegistry meters) {
        this.verifier = verifier;
        this.json = json;
        this.clock = clock;
        for (Outcome outcome : Outcome.values()) {
            timers.put(outcome, Timer.builder("ledger.verify")
                    .description("verify requests, by outcome")
                    .tag("outcome", outcome.name().toLowerCase())
                    .register(meters));
        }
    }

    @Operation(summary = "Verify a secret", description = "200 with the API key when the secret belongs to an active "
            + "key; 404 when it is unknown, malformed, revoked, expired or deleted. Once revoke returns, this rejects "
            + "the key's secret; 503 (retry) while the read model is behind the event store.")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(schema = @Schema(
            name = "VerifyApiKeyRequest", requiredProperties = "secret", example = "{\"secret\":\"ak_…\"}")))
    @PostMapping(path = {ApiKeyPaths.V1 + "/verify", ApiKeyPaths.BARE + "/verify"},
            produces = MediaType.APPLICATION_JSON_VALUE)
    ApiKeyObject verify(@RequestBody(required = false) VerifyBody body) {
        long started = System.nanoTime();
        Outcome outcome = Outcome.REJECTED;
        try {
            String secret = JsonFields.of(body == null ? null : body.json(), json, FIELDS).requiredText("secret");
            long now = clock.millis();
            Optional<ApiKeyView> key = verifier.verify(secret, now);
            outcome = key.isPresent() ? Outcome.VALID : Outcome.INVALID;
            return key.orElseThrow(LedgerException::notFound).toObject(now);
        } catch (LedgerException e) {
            if (e.kind() == LedgerException.Kind.UNAVAILABLE) {
                outcome = Outcome.UNAVAILABLE;
            }
            throw e;
        } finally {
            timers.get(outcome).record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        }
    }
}
