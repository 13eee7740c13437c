package org.keyledger.platform.web;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

class InstanceKeysTest {

    private static final String KEY = "sk_test_first_instance_key";
    private static final String OTHER = "sk_live_second_instance_key";

    private final InstanceKeys keys = InstanceKeys.fromConfiguration(KEY + "," + OTHER);

    @Test
    void aConfiguredKeyMatches() {
        assertThat(keys.authenticate(KEY)).isPresent();
        assertThat(keys.authenticate(OTHER)).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"sk_test_first_instance_ke", "sk_test_first_instance_key_", "SK_TEST_FIRST_INSTANCE_KEY",
            "sk_test_first_instance_key,sk_live_second_instance_key", "sk_live_other"})
    void anotherKeyDoesNotMatch(String presented) {
        assertThat(keys.authenticate(presented)).isEmpty();
    }

    @ParameterizedTest
    @NullAndEmptySource
    void noKeyDoesNotMatch(String presented) {
        assertThat(keys.authenticate(presented)).isEmpty();
    }

    @Test
    void blankEntriesInTheConfigurationAreNotKeys() {
        InstanceKeys configured = InstanceKeys.fromConfiguration(" " + KEY + " ,, ");

        assertThat(configured.authenticate(KEY)).isPresent();
        assertThat(configured.authenticate("")).isEmpty();
        assertThat(configured.authenticate(" ")).isEmpty();
        assertThat(configured.authenticate(OTHER)).isEmpty();
    }

    @Test
    void withoutConfigurationOnlyAGeneratedKeyWouldMatch() {
        InstanceKeys development = InstanceKeys.fromConfiguration("");

        assertThat(development.authenticate(KEY)).isEmpty();
        assertThat(development.authenticate("")).isEmpty();
    }

    @Test
    void fingerprintIsKeyAndTwelveHexDigitsOfTheSha256() throws Exception {
        String expected = "key_" + HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest(KEY.getBytes(StandardCharsets.UTF_8))).substring(0, 12);

        assertThat(keys.authenticate(KEY)).contains(expected);
        assertThat(expected).matches("key_[0-9a-f]{12}");
    }

    @Test
    void fingerprintIsStableAcrossInstancesAndDoesNotContainTheKey() {
        String fingerprint = keys.authenticate(KEY).orElseThrow();

        assertThat(InstanceKeys.fromConfiguration(KEY).authenticate(KEY)).contains(fingerprint);
        assertThat(InstanceKeys.fromConfiguration(OTHER + "," + KEY).authenticate(KEY)).contains(fingerprint);
        assertThat(keys.authenticate(KEY)).contains(fingerprint);
        assertThat(fingerprint).doesNotContain(KEY).doesNotContain("first_instance");
    }

    @Test
    void eachKeyHasItsOwnFingerprint() {
        assertThat(keys.authenticate(KEY)).isNotEqualTo(keys.authenticate(OTHER));
    }
}
