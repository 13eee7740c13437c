package org.keyledger.command.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.keyledger.command.apikey.ApiKeyState;
import org.keyledger.command.apikey.Change;
import org.keyledger.command.apikey.CreateApiKey;
import org.keyledger.command.apikey.CreateBatcher;
import org.keyledger.command.apikey.DeleteApiKey;
import org.keyledger.command.apikey.RevokeApiKey;
import org.keyledger.command.apikey.UpdateApiKey;
import org.keyledger.command.secret.SecretIssuer;
import org.keyledger.events.ApiKeyId;
import org.keyledger.platform.RequestMetadata;
import org.keyledger.platform.cache.CacheInvalidation;
import org.keyledger.platform.session.Session;
import org.keyledger.platform.session.SessionRequests;
import org.keyledger.platform.sync.ReadYourWrites;
import org.keyledger.platform.web.ApiKeyPaths;
import org.keyledger.platform.web.JsonFields;
import org.keyledger.wire.ApiKeyObject;
import org.keyledger.wire.DeletedObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;
import java.util.Set;

/** The write routes of Clerk's API-keys API: each validates the request's shape and dispatches one command. */
@RestController
@Tag(name = "API keys")
@RequestMapping(path = {ApiKeyPaths.V1, ApiKeyPaths.BARE}, produces = MediaType.APPLICATION_JSON_VALUE)
class ApiKeyWriteController {

    private static final Logger log = LoggerFactory.getLogger(ApiKeyWriteController.class);
    private static final Set<String> CREATE_FIELDS = ApiKeyRequests.fields(ApiKeyRequests.Create.class);
    private static final Set<String> UPDATE_FIELDS = ApiKeyRequests.fields(ApiKeyRequests.Update.class);
    private static final Set<String> REVOKE_FIELDS = ApiKeyRequests.fields(ApiKeyRequests.Revoke.class);

    private final CommandGateway commands;
    private final CreateBatcher creates;
    private final SecretIssuer secrets;
    private final JsonMapper json;
    private final ReadYourWrites readYourWrites;
    private final CacheInvalidation caches;
    private final LastUses lastUses;
    private final Clock clock;

    ApiKeyWriteController(CommandGateway commands, CreateBatcher creates, SecretIssuer secrets, JsonMapper json,
                          ReadYourWrites readYourWrites, CacheInvalidation caches, LastUses lastUses, Clock clock) {
        this.commands = commands;
        this.creates = creates;
        this.secrets = secrets;
        this.json = json;
        this.readYourWrites = readYourWrites;
        this.caches = caches;
        this.lastUses = lastUses;
        this.clock = clock;
    }

    /**
     * 200, not the 201 of API.md: Clerk's official Java SDK (com.clerk:backend-api 5.0.0, generated from Clerk's
     * OpenAPI document) accepts only 200 here and fails on anything else; @clerk/backend accepts any 2xx.
     */
    @Operation(summary = "Create an API key", description = "The answer is the only one that carries the secret "
            + "in full (later: GET /{id}/secret). 409 token_creation_conflict when the subject has a key of that "
            + "name already.")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(schema = @Schema(implementation = ApiKeyRequests.Create.class)))
    @PostMapping
    ApiKeyObject create(@RequestBody(required = false) JsonNode body, RequestMetadata metadata,
                        @Parameter(hidden = true) Session session) {
        JsonFields fields = JsonFields.of(body, json, CREATE_FIELDS);
        String subject = fields.text("subject");
        String createdBy = fields.text("created_by");
        if (session != null) {
            SessionRequests.refuseServerOnlyFields(fields::has);
            subject = session.subjectToCreate(subject);
            createdBy = session.userId();
        }
        ApiKeyId id = ApiKeyId.generate();
        SecretIssuer.Issued issued = secrets.issue(id);
        CreateApiKey command = new CreateApiKey(id, fields.text("type"), fields.text("name"),
                subject, fields.text("description"), fields.json("claims"),
                fields.textList("scopes"), createdBy, fields.number("seconds_until_expiration"),
                issued.sealed().secret(), issued.sealed().wrappedDataKey());
        ApiKeyState created = creates.create(command, metadata.asMetaData());
        readYourWrites.awaitCreated(id);
        log.info("CreateApiKey {}", id.value()); // the request id comes with it (MDC)
        return toObject(created, issued.plaintext());
    }

    @Operation(summary = "Update an API key", description = "name and type never change; 404 for a deleted key")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(schema = @Schema(implementation = ApiKeyRequests.Update.class)))
    @PatchMapping("/{id}")
    ApiKeyObject update(@PathVariable String id, @RequestBody(required = false) JsonNode body,
                        RequestMetadata metadata) {
        ApiKeyId keyId = ApiKeyPaths.id(id);
        JsonFields fields = JsonFields.of(body, json, UPDATE_FIELDS);
        UpdateApiKey command = new UpdateApiKey(keyId,
                fields.has("subject") ? Change.to(fields.text("subject")) : null,
                fields.has("description") ? Change.to(fields.text("description")) : null,
                fields.has("claims") ? Change.to(fields.json("claims")) : null,
                fields.has("scopes") ? Change.to(fields.textList("scopes")) : null,
                fields.has("seconds_until_expiration") ? Change.to(fields.number("seconds_until_expiration")) : null);
        return toObject(send(keyId, command, metadata), null);
    }

    @Operation(summary = "Revoke an API key", description = "From the moment this returns, verify rejects the "
            + "key's secret. Revoking a revoked key changes nothing: the first reason stays.")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(schema = @Schema(implementation = ApiKeyRequests.Revoke.class)))
    @PostMapping("/{id}/revoke")
    ApiKeyObject revoke(@PathVariable String id, @RequestBody(required = false) JsonNode body,
                        RequestMetadata metadata, @Parameter(hidden = true) Session session) {
        ApiKeyId keyId = ApiKeyPaths.id(id);
        JsonFields fields = JsonFields.of(body, json, REVOKE_FIELDS);
        return toObject(send(keyId, new RevokeApiKey(keyId, fields.text("revocation_reason"), session), metadata),
                null);
    }

    @Operation(summary = "Delete an API key", description = "Gone from every read route, its secret destroyed for "
            + "good (crypto-shredding); its audit trail stays.")
    @DeleteMapping("/{id}")
    DeletedObject delete(@PathVariable String id, RequestMetadata metadata) {
        ApiKeyId keyId = ApiKeyPaths.id(id);
        send(keyId, new DeleteApiKey(keyId), metadata);
        return DeletedObject.apiKey(keyId.value());
    }

    /**
     * Dispatches a change and returns once every read route reflects it (read your writes); a create goes through
     * {@link CreateBatcher}.
     */
    private ApiKeyState send(ApiKeyId id, Object command, RequestMetadata metadata) {
        ApiKeyState key = commands.sendAndWait(
                GenericCommandMessage.asCommandMessage(command).andMetaData(metadata.asMetaData()));
        if (!caches.settledSince(key.updatedAt(), clock.millis())) {
            // (else a no-op: no event, and the key's last change is long past, as is that change's own wait)
            readYourWrites.awaitChanged(id, key.sequence());
        }
        log.info("{} {}", command.getClass().getSimpleName(), id.value()); // the request id comes with it (MDC)
        return key;
    }

    private ApiKeyObject toObject(ApiKeyState key, String secret) {
        return key.toObject(clock.millis(), secret == null ? lastUses.of(key.id()) : null, secret);
    }
}
