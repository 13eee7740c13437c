package org.keyledger.query.keys;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.Parameters;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.keyledger.events.ApiKeyId;
import org.keyledger.platform.ApiKeyType;
import org.keyledger.platform.error.LedgerException;
import org.keyledger.platform.secret.DataKeyVault;
import org.keyledger.platform.secret.SecretSealer;
import org.keyledger.platform.session.Session;
import org.keyledger.platform.web.ApiKeyPaths;
import org.keyledger.platform.web.QueryParameters;
import org.keyledger.wire.ApiKeyObject;
import org.springframework.http.MediaType;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.util.List;
import java.util.Map;

/** List, get and get-secret, from the query model. */
@RestController
@Tag(name = "API keys")
@RequestMapping(path = {ApiKeyPaths.V1, ApiKeyPaths.BARE}, produces = MediaType.APPLICATION_JSON_VALUE)
class ApiKeyReadController {

    private final ApiKeyViews views;
    private final DataKeyVault vault;
    private final SecretSealer sealer;
    private final Clock clock;

    ApiKeyReadController(ApiKeyViews views, DataKeyVault vault, SecretSealer sealer, Clock clock) {
        this.views = views;
        this.vault = vault;
        this.sealer = sealer;
        this.clock = clock;
    }

    record ListResponse(List<ApiKeyObject> data, @com.fasterxml.jackson.annotation.JsonProperty("total_count")
            long totalCount) {
    }

    /** {@code @clerk/backend} drops falsy values, so {@code include_invalid=false} and {@code offset=0} may be absent. */
    @Operation(summary = "List a subject's API keys", description = "Newest first, with total_count.")
    @Parameters({
            @Parameter(name = "subject", in = ParameterIn.QUERY, required = true, description = "user_… or org_…"),
            @Parameter(name = "type", in = ParameterIn.QUERY, schema = @Schema(allowableValues = "api_key")),
            @Parameter(name = "include_invalid", in = ParameterIn.QUERY,
                    description = "also revoked and expired keys", schema = @Schema(type = "boolean")),
            @Parameter(name = "query", in = ParameterIn.QUERY, description = "case-insensitive search in names"),
            @Parameter(name = "limit", in = ParameterIn.QUERY,
                    schema = @Schema(type = "integer", minimum = "1", maximum = "100", defaultValue = "10")),
            @Parameter(name = "offset", in = ParameterIn.QUERY,
                    schema = @Schema(type = "integer", minimum = "0", defaultValue = "0"))})
    @GetMapping
    ListResponse list(@Parameter(hidden = true) @RequestParam MultiValueMap<String, String> query,
                      @Parameter(hidden = true) Session session) {
        QueryParameters parameters = QueryParameters.joined(query);
        String subject = parameters.required("subject");
        if (session != null) {
            session.requireSees(subject);
        }
        ApiKeyType.requireApiKey(parameters.text("type")); // a filter that can only match every key
        // a session sees active keys only: Clerk's <APIKeys /> relies on a revoked key leaving the list
        boolean includeInvalid = parameters.bool("include_invalid", false) && session == null;
        int limit = parameters.integer("limit", 10, 1, 100);
        int offset = parameters.integer("offset", 0, 0, Integer.MAX_VALUE);
        long now = clock.millis();
        ApiKeyViews.Page page = views.list(subject, includeInvalid, parameters.text("query"), limit, offset, now);
        return new ListResponse(page.keys().stream().map(k -> k.toObject(now)).toList(), page.totalCount());
    }

    @Operation(summary = "Get an API key", description = "404 once deleted.")
    @GetMapping("/{id}")
    ApiKeyObject get(@PathVariable String id) {
        return views.find(ApiKeyPaths.id(id)).orElseThrow(LedgerException::notFound).toObject(clock.millis());
    }

    record SecretResponse(String secret) {
        @Override
        public String toString() {
            return "SecretResponse[<redacted>]";
        }
    }

    @Operation(summary = "Get an API key's secret", description = "Decrypted on demand; 404 once deleted.")
    @GetMapping("/{id}/secret")
    SecretResponse secret(@PathVariable String id) {
        ApiKeyId keyId = ApiKeyPaths.id(id);
        ApiKeyView key = views.find(keyId).orElseThrow(LedgerException::notFound);
        byte[] wrapped = vault.find(keyId).orElseThrow(LedgerException::notFound); // shredded: deleted meanwhile
        return new SecretResponse(sealer.open(keyId, key.secretCiphertext(), wrapped));
    }
}
