package org.keyledger.query.audit;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.Parameters;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.keyledger.events.ApiKeyId;
import org.keyledger.platform.error.LedgerException;
import org.keyledger.platform.web.ApiKeyPaths;
import org.keyledger.platform.web.QueryParameters;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.Map;

/** {@code GET /api_keys/{id}/events} (a ledger addition): the key's audit trail, also after it was deleted. */
@RestController
@Tag(name = "Audit trail", description = "a ledger addition to Clerk's API")
@RequestMapping(path = {ApiKeyPaths.V1, ApiKeyPaths.BARE}, produces = MediaType.APPLICATION_JSON_VALUE)
class AuditController {

    private final AuditTrail trail;

    AuditController(AuditTrail trail) {
        this.trail = trail;
    }

    record AuditPage(List<AuditEntry> data, @JsonProperty("total_count") long totalCount) {
    }

    @Operation(summary = "An API key's audit trail", description = "Every event of the key, oldest first: type, "
            + "time, actor, request id, client address, user agent and changed fields; still served after delete; "
            + "never a secret.")
    @Parameters({
            @Parameter(name = "limit", in = ParameterIn.QUERY,
                    schema = @Schema(type = "integer", minimum = "1", maximum = "100", defaultValue = "100")),
            @Parameter(name = "offset", in = ParameterIn.QUERY,
                    schema = @Schema(type = "integer", minimum = "0", defaultValue = "0"))})
    @GetMapping("/{id}/events")
    AuditPage events(@PathVariable String id,
                     @Parameter(hidden = true) @RequestParam Map<String, String> query) {
        ApiKeyId keyId = ApiKeyPaths.id(id);
        QueryParameters parameters = new QueryParameters(query);
        int limit = parameters.integer("limit", 100, 1, 100);
        int offset = parameters.integer("offset", 0, 0, Integer.MAX_VALUE);
        List<AuditEntry> all = trail.of(keyId);
        if (all.isEmpty()) {
            throw LedgerException.notFound();
        }
        int from = Math.min(offset, all.size());
        List<AuditEntry> page = all.subList(from, from + Math.min(limit, all.size() - from)); // no int overflow
        return new AuditPage(List.copyOf(page), all.size());
    }
}
