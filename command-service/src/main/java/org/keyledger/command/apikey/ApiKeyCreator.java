package org.keyledger.command.apikey;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.EventBus;
import org.axonframework.messaging.MetaData;
import org.keyledger.events.ApiKeyCreated;
import org.keyledger.platform.error.LedgerException;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Handles {@link CreateApiKey}, alone or grouped ({@link CreateApiKeys}): checks each key's rules, then brings the
 * valid ones in together ({@link Arrivals}). The rules, each in {@link ApiKeyRules}: the type is {@code api_key};
 * name, subject, description, created_by, scopes and claims as the fields allow; an expiration within a hundred years;
 * a name unique within the subject among keys that are not deleted; and a secret's hash is the key's for good, so no
 * import can bring in a created key's secret. A key that breaks a rule claims no name and stores no data key.
 */
public class ApiKeyCreator {

    private final Arrivals arrivals;
    private final Clock clock;

    public ApiKeyCreator(ArrivalClaims claims, Supplier<EventBus> eventStore, Clock clock) {
        this.arrivals = new Arrivals(claims, eventStore);
        this.clock = clock;
    }

    /** One key: its event takes the command's metadata (the unit of work's correlation data). */
    @CommandHandler
    public ApiKeyState handle(CreateApiKey command) {
        CreateApiKeys.Outcome outcome = createAll(List.of(new CreateApiKeys.Item(command, MetaData.emptyInstance())))
                .get(0);
        if (outcome.error() != null) {
            throw outcome.error();
        }
        return outcome.key();
    }

    @CommandHandler
    public List<CreateApiKeys.Outcome> handle(CreateApiKeys command) {
        return createAll(command.creates());
    }

    private List<CreateApiKeys.Outcome> createAll(List<CreateApiKeys.Item> items) {
        long now = clock.millis();
        CreateApiKeys.Outcome[] outcomes = new CreateApiKeys.Outcome[items.size()];
        List<Integer> valid = new ArrayList<>();
        List<Arrivals.Arrival> arriving = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            CreateApiKeys.Item item = items.get(i);
            try {
                arriving.add(new Arrivals.Arrival(check(item.command(), now), item.command().wrappedDataKey(),
                        item.metadata()));
                valid.add(i);
            } catch (LedgerException e) {
                outcomes[i] = new CreateApiKeys.Outcome(null, e);
            }
        }
        List<Arrivals.Result> results = arrivals.arrive(arriving);
        for (int j = 0; j < valid.size(); j++) {
            ApiKeyCreated event = (ApiKeyCreated) arriving.get(j).event();
            outcomes[valid.get(j)] = switch (results.get(j)) {
                case ARRIVED -> new CreateApiKeys.Outcome(ApiKeyState.of(event), null);
                case NAME_TAKEN -> new CreateApiKeys.Outcome(null, new NameTakenException());
                // a collision of two random secrets of 238 bits: it never happens, and must not pass if it did
                case SECRET_TAKEN -> new CreateApiKeys.Outcome(null, new LedgerException(LedgerException.Kind.CONFLICT,
                        "API key secret already exists", "Try again: the secret issued was another key's.", null));
            };
        }
        return List.of(outcomes);
    }

    /** The event a create would record; throws the first rule the command breaks. */
    static ApiKeyCreated check(CreateApiKey command, long now) {
        ApiKeyRules.Arriving key = ApiKeyRules.arriving(command.type(), command.name(), command.subject(),
                command.description(), command.createdBy(), command.scopes(), command.claims());
        Long expiration = ApiKeyRules.expiration(command.secondsUntilExpiration(), now);
        return new ApiKeyCreated(command.id(), key.type(), key.name(), key.subject(), key.description(), key.claims(),
                key.scopes(), key.createdBy(), expiration, now, command.secret());
    }
}
