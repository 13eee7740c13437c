package org.keyledger.query.audit;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.Parameters;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.keyledger.platform.error.LedgerException;
import org.keyledger.platform.web.QueryParameters;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.math.BigDecimal;
import java.util.Map;

/**
 * {@code GET /v1/events} (a ledger addition): every event of the ledger, across keys, paged by position; what the
 * console's activity feed shows and what a SIEM ingests ({@code order=asc}, then {@code cursor=next_cursor}).
 * Only under {@code /v1}: Clerk's SDKs never call it, and the bare {@code /events} stays free.
 */
@RestController
@Tag(name = "Audit trail", description = "a ledger addition to Clerk's API")
class EventsController {

    static final String PATH = "/v1/events";

    private final LedgerEvents events;

    EventsController(LedgerEvents events) {
        this.events = events;
    }

    @Operation(summary = "Every event of the ledger", description = "Across all keys, newest first (order=desc, "
            + "the default) or oldest first (order=asc), each with its position and the audit trail's fields. "
            + "Page on with cursor=next_cursor; has_more tells whether more events exist now. Never a secret.")
    @Parameters({
            @Parameter(name = "order", in = ParameterIn.QUERY,
                    schema = @Schema(type = "string", allowableValues = {"desc", "asc"}, defaultValue = "desc")),
            @Parameter(name = "limit", in = ParameterIn.QUERY,
                    schema = @Schema(type = "integer", minimum = "1", maximum = "100", defaultValue = "100")),
            @Parameter(name = "cursor", in = ParameterIn.QUERY, description = "a position (exclusive): events "
                    + "after it (asc) or before it (desc)", schema = @Schema(type = "integer", minimum = "0"))})
    @GetMapping(path = PATH, produces = MediaType.APPLICATION_JSON_VALUE)
    LedgerEvents.Page list(@Parameter(hidden = true) @RequestParam Map<String, String> query) {
        QueryParameters parameters = new QueryParameters(query);
        String order = parameters.text("order");
        int limit = parameters.integer("limit", 100, 1, 100);
        Long cursor = position(parameters.text("cursor"));
        if (order == null || order.equals("desc")) {
            return events.newestFirst(cursor, limit);
        }
        if (order.equals("asc")) {
            return events.oldestFirst(cursor, limit);
        }
        throw LedgerException.invalid("order", "order must be asc or desc.");
    }

    private static Long position(String text) {
        if (text == null) {
            return null;
        }
        try {
            long position = new BigDecimal(text).longValueExact();
            if (position >= 0) {
                return position;
            }
        } catch (NumberFormatException | ArithmeticException ignored) {
            // answered below
        }
        throw LedgerException.invalid("cursor", "cursor must be a position: a whole number of at least 0.");
    }
}
