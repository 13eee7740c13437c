package org.keyledger.command.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.keyledger.command.apikey.ImportApiKeys;
import org.keyledger.command.secret.ImportedSecrets;
import org.keyledger.events.ApiKeyId;
import org.keyledger.platform.RequestMetadata;
import org.keyledger.platform.error.ClerkErrors;
import org.keyledger.platform.error.LedgerException;
import org.keyledger.platform.sync.ReadYourWrites;
import org.keyledger.platform.web.ApiKeyPaths;
import org.keyledger.platform.web.JsonFields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.math.BigDecimal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Bulk import (a ledger addition): up to 1,000 keys a request, each new (the ledger issues its secret) or brought
 * from elsewhere with its secret or only the secret's SHA-256. One command for the whole request, one wait for the
 * query side; each key answers its own object or its own error, in order.
 */
@RestController
@Tag(name = "API keys")
@RequestMapping(path = {ApiKeyPaths.V1, ApiKeyPaths.BARE}, produces = MediaType.APPLICATION_JSON_VALUE)
class ApiKeyImportController {

    private static final Logger log = LoggerFactory.getLogger(ApiKeyImportController.class);
    private static final Set<String> BODY_FIELDS = ApiKeyRequests.fields(ApiKeyRequests.Import.class);
    private static final Set<String> KEY_FIELDS = ApiKeyRequests.fields(ApiKeyRequests.ImportKey.class);

    private final CommandGateway commands;
    private final ImportedSecrets secrets;
    private final JsonMapper json;
    private final ReadYourWrites readYourWrites;
    private final LastUses lastUses;
    private final Clock clock;

    ApiKeyImportController(CommandGateway commands, ImportedSecrets secrets, JsonMapper json,
                           ReadYourWrites readYourWrites, LastUses lastUses, Clock clock) {
        this.commands = commands;
        this.secrets = secrets;
        this.json = json;
        this.readYourWrites = readYourWrites;
        this.lastUses = lastUses;
        this.clock = clock;
    }

    /** One entry per key sent, in order: the key object, or Clerk's errors for that key alone. */
    record ImportResponse(List<Object> data, @JsonProperty("imported_count") int importedCount,
                          @JsonProperty("error_count") int errorCount) {
    }

    record KeyError(List<ClerkErrors.Error> errors) {
    }

    @Operation(summary = "Import API keys (ledger addition)", description = "Up to 1,000 keys: each new (the "
            + "ledger issues the secret, returned in this answer only), or existing with its secret or only its "
            + "secret_sha256; optionally id, created_at, expiration, created_by, revoked, revocation_reason. "
            + "Answers 200 with one entry per key, in order: the key, or that key's errors. A retry with the same "
            + "ids and content records nothing and answers the keys again.")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(schema = @Schema(implementation = ApiKeyRequests.Import.class)))
    @PostMapping("/import")
    // the body's limit, larger than other routes', is HttpErrors.MAX_IMPORT_BODY_BYTES (413 beyond it)
    ImportResponse importKeys(@RequestBody(required = false) JsonNode body, RequestMetadata metadata) {
        JsonNode keys = keys(body);
        List<Object> data = new ArrayList<>(keys.size());
        List<Integer> sent = new ArrayList<>();
        List<ImportApiKeys.Key> commandKeys = new ArrayList<>();
        List<String> issued = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            try {
                ImportedSecrets.Prepared prepared = null;
                JsonFields fields = JsonFields.of(keyObject(keys.get(i)), json, KEY_FIELDS);
                ApiKeyId id = fields.text("id") == null ? ApiKeyId.generate()
                        : ApiKeyId.parse(fields.text("id")).orElseThrow(() -> LedgerException.invalid("id",
                        "id must be ak_ followed by 32 hexadecimal digits."));
                Long createdAt = millis(fields, "created_at");
                Long expiration = millis(fields, "expiration");
                Boolean revoked = bool(keys.get(i), "revoked");
                prepared = secrets.prepare(id, fields.text("secret"), fields.text("secret_sha256"));
                commandKeys.add(new ImportApiKeys.Key(id, fields.text("type"), fields.text("name"),
                        fields.text("subject"), fields.text("description"), fields.json("claims"),
                        fields.textList("scopes"), fields.text("created_by"), createdAt, expiration, revoked,
                        fields.text("revocation_reason"), prepared.source(), prepared.secret(),
                        prepared.wrappedDataKey(), fields.text("id") != null));
                issued.add(prepared.issued());
                sent.add(i);
                data.add(null);
            } catch (LedgerException e) {
                data.add(error(e));
            }
        }
        List<ImportApiKeys.Outcome> outcomes = commandKeys.isEmpty() ? List.of()
                : commands.sendAndWait(GenericCommandMessage.asCommandMessage(new ImportApiKeys(commandKeys))
                .andMetaData(metadata.asMetaData()));
        ApiKeyId lastFresh = null;
        long now = clock.millis();
        for (int j = 0; j < outcomes.size(); j++) {
            ImportApiKeys.Outcome outcome = outcomes.get(j);
            if (outcome.error() != null) {
                data.set(sent.get(j), error(outcome.error()));
            } else {
                // a retried import answers the key as GET would, last use included; a new key has none yet
                data.set(sent.get(j), outcome.fresh()
                        ? outcome.key().toObject(now, null, issued.get(j))
                        : outcome.key().toObject(now, lastUses.of(outcome.key().id()), null));
                if (outcome.fresh()) {
                    lastFresh = outcome.key().id();
                }
            }
        }
        // the projection applies events in order: once it has the last new key, it has them all
        if (lastFresh != null) {
            readYourWrites.awaitCreated(lastFresh);
        }
        int errors = (int) data.stream().filter(KeyError.class::isInstance).count();
        log.info("ImportApiKeys {} keys, {} errors", data.size(), errors);
        return new ImportResponse(data, data.size() - errors, errors);
    }

    private static JsonNode keys(JsonNode body) {
        if (body == null || body.isMissingNode() || body.isNull()) {
            throw LedgerException.missing("keys");
        }
        if (!body.isObject()) {
            throw LedgerException.badRequest("The request body must be a JSON object.", null);
        }
        for (String name : body.propertyNames()) {
            if (!BODY_FIELDS.contains(name)) {
                throw LedgerException.badRequest(name + " is not a recognised parameter.", name);
            }
        }
        JsonNode keys = body.get("keys");
        if (keys == null || keys.isNull()) {
            throw LedgerException.missing("keys");
        }
        if (!keys.isArray() || keys.isEmpty() || keys.size() > ImportApiKeys.MAX_KEYS) {
            throw LedgerException.invalid("keys",
                    "keys must be an array of 1 to " + ImportApiKeys.MAX_KEYS + " API keys.");
        }
        return keys;
    }

    private static JsonNode keyObject(JsonNode key) {
        if (!key.isObject()) {
            throw LedgerException.badRequest("Each entry of keys must be a JSON object.", null);
        }
        return key;
    }

    /** A time in unix milliseconds: a whole number, or null. */
    private static Long millis(JsonFields fields, String name) {
        BigDecimal value = fields.number(name);
        if (value == null) {
            return null;
        }
        try {
            return value.stripTrailingZeros().longValueExact();
        } catch (ArithmeticException e) {
            throw LedgerException.invalid(name, name + " must be a whole number of unix milliseconds.");
        }
    }

    private static Boolean bool(JsonNode key, String name) {
        JsonNode node = key.get(name);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isBoolean()) {
            throw LedgerException.invalid(name, name + " must be true or false.");
        }
        return node.booleanValue();
    }

    private static KeyError error(LedgerException e) {
        return new KeyError(ClerkErrors.of(e, null).errors());
    }
}
