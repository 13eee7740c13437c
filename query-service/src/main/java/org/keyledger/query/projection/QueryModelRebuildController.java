package org.keyledger.query.projection;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The operator's rebuild of the query model ({@link QueryModelRebuild}), with the instance key like every route. */
@RestController
@Tag(name = "Operations")
class QueryModelRebuildController {

    static final String PATH = "/v1/query_model/rebuild";

    private final QueryModelRebuild rebuild;

    QueryModelRebuildController(QueryModelRebuild rebuild) {
        this.rebuild = rebuild;
    }

    @Operation(summary = "Rebuild the query model", description = "Empties the query model and replays every event "
            + "into it while the ledger stays up; 202 at once, then GET this route until status is done. Verify "
            + "answers 503 (retry) until the model has caught up; writes keep working. 409 when another query "
            + "service runs the projection, or while it is still starting or catching up here (retry).")
    @PostMapping(path = PATH, produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.ACCEPTED)
    QueryModelRebuild.Status start() {
        return rebuild.start();
    }

    @Operation(summary = "The query model's rebuild", description = "idle (none since this query service started), "
            + "rebuilding or done, with the event store position it replays up to and the one it has reached.")
    @GetMapping(path = PATH, produces = MediaType.APPLICATION_JSON_VALUE)
    QueryModelRebuild.Status status() {
        return rebuild.status();
    }
}
