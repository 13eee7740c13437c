package org.keyledger.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.serialization.Revision;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Events are the ledger's schema forever. Each published revision has a golden JSON file; this test fails when a
 * change to an event record would write different JSON or read an old event differently.
 */
class GoldenEventsTest {

    private static final ApiKeyId ID = ApiKeyId.of("ak_3beecc9c60adb5f9b850e91a8ee1e992");
    private static final ObjectMapper MAPPER = LedgerEventSerialization.objectMapper();
    private static final JacksonSerializer SERIALIZER =
            JacksonSerializer.builder().objectMapper(MAPPER).build();

    static Stream<Arguments> revisions() {
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("Mixed_Case", true);
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("tenant", "t_1");
        claims.put("limits", List.of(1, new BigDecimal("2.5")));
        claims.put("nested", nested);
        return Stream.of(
                Arguments.of(new ApiKeyCreated(ID, "api_key", "ci-deploy", "user_2xhFjEI5X2qWRvtV13BzSj8H6Dk",
                        "deploys from CI", claims, List.of("read", "write"), "user_2xhFjEI5X2qWRvtV13BzSj8H6Dk",
                        1754942036732L, 1753743316590L,
                        new SealedSecret("9f2c6b1e0c8f4f3d5a7e1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60", "Xy12",
                                "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="))),
                Arguments.of(new ApiKeyUpdated(ID, "org_2xhFjEI5X2qWRvtV13BzSj8H6Dk", null, null, List.of("read"),
                        null, 1753743400000L, List.of("subject", "description", "scopes"))),
                Arguments.of(new ApiKeyRevoked(ID, "leaked in a public repository", 1753743500000L)),
                Arguments.of(new ApiKeyDeleted(ID, 1753743600000L)),
                Arguments.of(new ApiKeyImported(ID, "api_key", "legacy-deploy", "user_2xhFjEI5X2qWRvtV13BzSj8H6Dk",
                        "moved from Clerk", Map.of("tenant", "t_1"), List.of("read"),
                        "user_2xhFjEI5X2qWRvtV13BzSj8H6Dk", 1754942036732L, 1700000000000L, true, "leaked",
                        1753743316590L, ApiKeyImported.SHA256,
                        new SealedSecret("9f2c6b1e0c8f4f3d5a7e1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60", null,
                                null))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("revisions")
    void writesTheGoldenJson(Object event) throws IOException {
        SerializedObject<byte[]> serialized = SERIALIZER.serialize(event, byte[].class);

        assertThat(serialized.getType().getRevision()).isEqualTo(revisionOf(event.getClass()));
        assertThat(MAPPER.readTree(serialized.getData())).isEqualTo(golden(event.getClass()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("revisions")
    void readsTheGoldenJson(Object event) throws IOException {
        Class<?> type = event.getClass();
        var stored = new SimpleSerializedObject<>(MAPPER.writeValueAsBytes(golden(type)), byte[].class,
                new SimpleSerializedType(type.getName(), revisionOf(type)));

        Object read = SERIALIZER.deserialize(stored);

        assertThat(read).isEqualTo(event);
    }

    private static String revisionOf(Class<?> type) {
        Revision revision = type.getAnnotation(Revision.class);
        assertThat(revision).as("%s must declare a @Revision", type.getSimpleName()).isNotNull();
        return revision.value();
    }

    private static JsonNode golden(Class<?> type) throws IOException {
        String file = "/golden/" + type.getSimpleName() + "." + revisionOf(type) + ".json";
        try (InputStream in = GoldenEventsTest.class.getResourceAsStream(file)) {
            assertThat(in).as("golden file %s", file).isNotNull();
            return MAPPER.readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }
}
