package org.keyledger.command.apikey;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.EventBus;
import org.axonframework.eventsourcing.AggregateDeletedException;
import org.axonframework.modelling.command.Aggregate;
import org.axonframework.modelling.command.Repository;
import org.axonframework.messaging.MetaData;
import org.keyledger.events.ApiKeyId;
import org.keyledger.events.ApiKeyImported;
import org.keyledger.events.LedgerEventSerialization;
import org.keyledger.platform.error.LedgerException;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Handles {@link ImportApiKeys}: every key of the request in one unit of work, brought in together by
 * {@link Arrivals} (their claims in one statement, their events in one batch). A key's rules are create's (the same
 * {@link ApiKeyRules}) plus the import's own:
 * <ul>
 *   <li>{@code created_at} is not in the future; {@code expiration} is after {@code created_at} and at most 100 years
 *       after it, and may be past (the key arrives expired, as {@code revoked: true} makes it arrive revoked);</li>
 *   <li>{@code revocation_reason} only with {@code revoked: true};</li>
 *   <li>an id appears once per request; a secret belongs to one key, for ever;</li>
 *   <li>an id the ledger knows is a retry: with the same content as the import that brought it in it answers the key
 *       as it is now and records nothing; with other content, or for a key that was created or deleted, it is a
 *       conflict.</li>
 * </ul>
 */
public class ApiKeyImporter {

    private static final ObjectMapper JSON = LedgerEventSerialization.objectMapper();

    private final Supplier<Repository<ApiKey>> repository;
    private final ArrivalClaims claims;
    private final Arrivals arrivals;
    private final Clock clock;

    public ApiKeyImporter(Supplier<Repository<ApiKey>> repository, Supplier<EventBus> eventStore, ArrivalClaims claims,
                          Clock clock) {
        this.repository = repository;
        this.claims = claims;
        this.arrivals = new Arrivals(claims, eventStore);
        this.clock = clock;
    }

    @CommandHandler
    public List<ImportApiKeys.Outcome> handle(ImportApiKeys command) throws Exception {
        long now = clock.millis();
        int size = command.keys().size();
        ImportApiKeys.Outcome[] outcomes = new ImportApiKeys.Outcome[size];
        Map<Integer, ApiKeyImported> checked = new LinkedHashMap<>();
        Set<ApiKeyId> ids = new HashSet<>();
        List<ApiKeyId> given = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            ImportApiKeys.Key key = command.keys().get(i);
            try {
                ApiKeyImported event = check(key, now);
                if (!ids.add(key.id())) {
                    throw LedgerException.invalid("id", "id " + key.id() + " appears more than once in this import.");
                }
                checked.put(i, event);
                if (key.idGiven()) {
                    given.add(key.id());
                }
            } catch (LedgerException e) {
                outcomes[i] = ImportApiKeys.Outcome.failed(e);
            }
        }

        Set<ApiKeyId> existing = claims.existing(given);
        List<Integer> fresh = new ArrayList<>();
        for (var entry : checked.entrySet()) {
            ImportApiKeys.Key key = command.keys().get(entry.getKey());
            if (existing.contains(key.id())) {
                outcomes[entry.getKey()] = retried(key, entry.getValue());
            } else {
                fresh.add(entry.getKey());
            }
        }

        List<Arrivals.Result> results = arrivals.arrive(fresh.stream()
                .map(i -> new Arrivals.Arrival(checked.get(i), command.keys().get(i).wrappedDataKey(),
                        MetaData.emptyInstance()))
                .toList());
        for (int j = 0; j < fresh.size(); j++) {
            int i = fresh.get(j);
            outcomes[i] = switch (results.get(j)) {
                case ARRIVED -> ImportApiKeys.Outcome.imported(ApiKeyState.of(checked.get(i)), true);
                case SECRET_TAKEN -> ImportApiKeys.Outcome.failed(secretTaken(command.keys().get(i).secretSource()));
                case NAME_TAKEN -> ImportApiKeys.Outcome.failed(new NameTakenException());
            };
        }
        return List.of(outcomes);
    }

    /** The event a key would be imported with; throws the first rule it breaks. */
    static ApiKeyImported check(ImportApiKeys.Key key, long now) {
        ApiKeyRules.Arriving checked = ApiKeyRules.arriving(key.type(), key.name(), key.subject(),
                key.description(), key.createdBy(), key.scopes(), key.claims());
        long createdAt = key.createdAt() == null ? now : key.createdAt();
        if (createdAt <= 0 || createdAt > now) {
            throw LedgerException.invalid("created_at",
                    "created_at must be a time in the past, in unix milliseconds.");
        }
        Long expiration = key.expiration();
        long latest = createdAt + ApiKeyRules.SECONDS_MAX.longValueExact() * 1000;
        if (expiration != null && (expiration <= createdAt || expiration > latest)) {
            throw LedgerException.invalid("expiration",
                    "expiration must be after created_at and at most 100 years after it, in unix milliseconds.");
        }
        boolean revoked = Boolean.TRUE.equals(key.revoked());
        String reason = ApiKeyRules.revocationReason(key.revocationReason());
        if (reason != null && !revoked) {
            throw LedgerException.invalid("revocation_reason", "revocation_reason needs revoked: true.");
        }
        return new ApiKeyImported(key.id(), checked.type(), checked.name(), checked.subject(), checked.description(),
                checked.claims(), checked.scopes(), checked.createdBy(), expiration, createdAt, revoked, reason, now,
                key.secretSource(), key.secret());
    }

    /** A key whose id the ledger knows: harmless if it is the same import again, a conflict otherwise. */
    private ImportApiKeys.Outcome retried(ImportApiKeys.Key key, ApiKeyImported again) throws Exception {
        Aggregate<ApiKey> aggregate;
        try {
            aggregate = repository.get().load(key.id().value());
        } catch (AggregateDeletedException e) {
            return ImportApiKeys.Outcome.failed(idTaken("belongs to a deleted API key"));
        }
        ApiKeyImported first = aggregate.invoke(ApiKey::imported);
        if (first == null) {
            return ImportApiKeys.Outcome.failed(idTaken("belongs to an API key that was created, not imported"));
        }
        if (!sameContent(first, again, key.createdAt() != null)) {
            return ImportApiKeys.Outcome.failed(idTaken("was imported before with other content"));
        }
        return ImportApiKeys.Outcome.imported(aggregate.invoke(ApiKey::state), false);
    }

    /** The same key as imported before: every field the importer chose (not the sealing, nor the import's time). */
    static boolean sameContent(ApiKeyImported first, ApiKeyImported again, boolean createdAtGiven) {
        boolean sameSecret = first.secretSource().equals(again.secretSource())
                && (ApiKeyImported.ISSUED.equals(again.secretSource())
                || first.secret().sha256().equals(again.secret().sha256()));
        return sameSecret
                && first.type().equals(again.type())
                && first.name().equals(again.name())
                && first.subject().equals(again.subject())
                && Objects.equals(first.description(), again.description())
                && json(first.claims()).equals(json(again.claims()))
                && first.scopes().equals(again.scopes())
                && Objects.equals(first.createdBy(), again.createdBy())
                && Objects.equals(first.expiration(), again.expiration())
                && (!createdAtGiven || first.createdAt() == again.createdAt())
                && first.revoked() == again.revoked()
                && Objects.equals(first.revocationReason(), again.revocationReason());
    }

    /** Claims compared as JSON: read back from the event store, 2.5 may be a BigDecimal where the request had a double. */
    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static LedgerException idTaken(String why) {
        return new LedgerException(LedgerException.Kind.CONFLICT, "API key id already exists",
                "This id " + why + ".", "id");
    }

    private static LedgerException secretTaken(String source) {
        return new LedgerException(LedgerException.Kind.CONFLICT, "API key secret already exists",
                "Another API key of this ledger (or an earlier one in this import) has this secret.",
                ApiKeyImported.SHA256.equals(source) ? "secret_sha256" : "secret");
    }
}
