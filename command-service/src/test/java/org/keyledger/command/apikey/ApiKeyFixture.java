package org.keyledger.command.apikey;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeMatcher;
import org.junit.jupiter.api.BeforeEach;
import org.keyledger.events.ApiKeyCreated;
import org.keyledger.events.ApiKeyId;
import org.keyledger.events.SealedSecret;
import org.keyledger.platform.error.LedgerException;
import org.keyledger.platform.error.LedgerException.Kind;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/**
 * The fixture of the {@link ApiKey} aggregate's tests, one class per command: Axon's aggregate fixture with the
 * handlers by which keys arrive ({@link ApiKeyCreator}, {@link ApiKeyImporter}) beside the aggregate's own, in-memory
 * name, hash and data-key stores and a fixed clock, the key the given events describe, and the matchers they share.
 */
abstract class ApiKeyFixture {

    static final Instant NOW = Instant.parse("2026-11-22T12:00:00.123Z");
    static final long NOW_MS = NOW.toEpochMilli();
    /** When the key in the given events was created: a minute before now, so that updatedAt visibly moves. */
    static final long CREATED_MS = NOW_MS - 60_000;
    static final long HUNDRED_YEARS = 100L * 365 * 24 * 3600;

    static final ApiKeyId ID = ApiKeyId.of("ak_3beecc9c60adb5f9b850e91a8ee1e992");
    static final ApiKeyId OTHER_ID = ApiKeyId.of("ak_0123456789abcdef0123456789abcdef");
    static final String NAME = "ci-deploy";
    static final String USER = "user_2xhFjEI5X2qWRvtV13BzSj8H6Dk";
    static final String ORG = "org_2xhFjEI5X2qWRvtV13BzSj8H6Dk";
    static final String CREATOR = "user_3abcdefghijklmnopqrstuvwxyz";
    static final Map<String, Object> CLAIMS = Map.of("tenant", "t_1", "Mixed_Case", List.of(1, 2));
    static final SealedSecret SECRET = new SealedSecret(
            "9f2c6b1e0c8f4f3d5a7e1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60", "Xy12",
            "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=");
    static final byte[] WRAPPED_KEY = {7, 1, 2, 3, 4, 5, 6, 7, 8, 9};

    /** The key the given events describe: created a minute ago, expiring in a day. */
    static final ApiKeyCreated CREATED = new ApiKeyCreated(ID, "api_key", NAME, USER, "deploys from CI",
            CLAIMS, List.of("read"), CREATOR, CREATED_MS + 86_400_000L, CREATED_MS, SECRET);

    FixtureConfiguration<ApiKey> fixture;
    InMemoryApiKeyNames names;
    InMemoryDataKeyVault vault;
    InMemoryArrivalClaims claims;

    @BeforeEach
    void setUp() {
        names = new InMemoryApiKeyNames();
        vault = new InMemoryDataKeyVault();
        claims = new InMemoryArrivalClaims(names, vault);
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        fixture = new AggregateTestFixture<>(ApiKey.class)
                .registerInjectableResource(names)
                .registerInjectableResource(vault)
                .registerInjectableResource(clock);
        fixture.registerAnnotatedCommandHandler(new ApiKeyCreator(claims, fixture::getEventStore, clock))
                .registerAnnotatedCommandHandler(new ApiKeyImporter(fixture::getRepository, fixture::getEventStore,
                        claims, clock));
    }

    static CreateBuilder create() {
        return new CreateBuilder();
    }

    /** A valid {@link CreateApiKey} with only the required fields, changed one field at a time by the tests. */
    static final class CreateBuilder {
        private String type;
        private String name = NAME;
        private String subject = USER;
        private String description;
        private Object claims;
        private List<String> scopes;
        private String createdBy;
        private BigDecimal seconds;

        CreateBuilder type(String value) {
            type = value;
            return this;
        }

        CreateBuilder name(String value) {
            name = value;
            return this;
        }

        CreateBuilder subject(String value) {
            subject = value;
            return this;
        }

        CreateBuilder description(String value) {
            description = value;
            return this;
        }

        CreateBuilder claims(Object value) {
            claims = value;
            return this;
        }

        CreateBuilder scopes(List<String> value) {
            scopes = value;
            return this;
        }

        CreateBuilder createdBy(String value) {
            createdBy = value;
            return this;
        }

        CreateBuilder seconds(String value) {
            seconds = new BigDecimal(value);
            return this;
        }

        CreateApiKey build() {
            return new CreateApiKey(ID, type, name, subject, description, claims, scopes, createdBy, seconds, SECRET,
                    WRAPPED_KEY);
        }
    }

    /** A {@link LedgerException} of this kind naming this request field. */
    static Matcher<LedgerException> ledgerException(Kind kind, String parameter) {
        return new TypeSafeMatcher<>() {
            @Override
            protected boolean matchesSafely(LedgerException e) {
                return e.kind() == kind && parameter.equals(e.parameter());
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("LedgerException of kind " + kind + " for parameter " + parameter);
            }

            @Override
            protected void describeMismatchSafely(LedgerException e, Description description) {
                description.appendText("was kind " + e.kind() + " for parameter " + e.parameter()
                        + " (" + e.longMessage() + ")");
            }
        };
    }

    /** A result payload meeting the condition. */
    static <T> Matcher<T> matching(java.util.function.Predicate<T> condition) {
        return new TypeSafeMatcher<>() {
            @Override
            @SuppressWarnings("unchecked")
            protected boolean matchesSafely(Object item) {
                return condition.test((T) item);
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("a result meeting the condition");
            }
        };
    }

    static Matcher<ApiKeyState> state(java.util.function.Predicate<ApiKeyState> condition) {
        return new TypeSafeMatcher<>() {
            @Override
            protected boolean matchesSafely(ApiKeyState state) {
                return condition.test(state);
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("an ApiKeyState meeting the condition");
            }
        };
    }
}
