package org.keyledger.query.keys;

import org.keyledger.events.ApiKeyId;
import org.keyledger.platform.error.LedgerException;
import org.keyledger.platform.secret.DataKeyVault;
import org.keyledger.platform.secret.SecretSealer;
import org.keyledger.platform.web.ApiKeyPaths;
import org.keyledger.platform.web.QueryParameters;
import org.keyledger.wire.ApiKeyObject;
import org.springframework.http.MediaType;
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
    @GetMapping
    ListResponse list(@RequestParam Map<String, String> query) {
        QueryParameters parameters = new QueryParameters(query);
        String subject = parameters.required("subject");
        String type = parameters.text("type");
        if (type != null && !"api_key".equals(type)) {
            throw LedgerException.invalid("type", "type must be api_key.");
        }
        boolean includeInvalid = parameters.bool("include_invalid", false);
        int limit = parameters.integer("limit", 10, 1, 100);
        int offset = parameters.integer("offset", 0, 0, Integer.MAX_VALUE);
        long now = clock.millis();
        ApiKeyViews.Page page = views.list(subject, includeInvalid, parameters.text("query"), limit, offset, now);
        return new ListResponse(page.keys().stream().map(k -> k.toObject(now)).toList(), page.totalCount());
    }

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

    @GetMapping("/{id}/secret")
    SecretResponse secret(@PathVariable String id) {
        ApiKeyId keyId = ApiKeyPaths.id(id);
        ApiKeyView key = views.find(keyId).orElseThrow(LedgerException::notFound);
        byte[] wrapped = vault.find(keyId).orElseThrow(LedgerException::notFound); // shredded: deleted meanwhile
        return new SecretResponse(sealer.open(keyId, key.secretCiphertext(), wrapped));
    }
}
