package org.keyledger.platform.secret;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class SecretFormatTest {

    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    /** Every character a single-character typo could produce: base62, the separators around it, and a few others. */
    private static final String REPLACEMENTS = BASE62 + "_-.+/= ~";
    private static final SecureRandom RANDOM = new SecureRandom();

    @RepeatedTest(20)
    void generatedSecretsAreWellFormed() {
        String secret = SecretFormat.generate(RANDOM);

        assertThat(secret).hasSize(49).hasSize(SecretFormat.LENGTH)
                .startsWith("ak_")
                .matches("ak_[0-9A-Za-z]{46}")
                .doesNotContain(".");
        assertThat(SecretFormat.isWellFormed(secret)).isTrue();
    }

    @Test
    void generatedSecretsDiffer() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            assertThat(seen.add(SecretFormat.generate(RANDOM))).isTrue();
        }
    }

    @RepeatedTest(5)
    void everySingleCharacterChangeIsDetected() {
        String secret = SecretFormat.generate(RANDOM);
        int checked = 0;
        for (int i = 0; i < secret.length(); i++) {
            for (char c : REPLACEMENTS.toCharArray()) {
                if (c == secret.charAt(i)) {
                    continue;
                }
                String typo = secret.substring(0, i) + c + secret.substring(i + 1);
                assertThat(SecretFormat.isWellFormed(typo)).as("%s changed at %d", secret, i).isFalse();
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(49 * 60);
    }

    @Test
    void swappingTwoNeighboursIsDetected() {
        String secret = SecretFormat.generate(RANDOM);
        for (int i = 3; i < secret.length() - 1; i++) {
            if (secret.charAt(i) == secret.charAt(i + 1)) {
                continue;
            }
            String swapped = secret.substring(0, i) + secret.charAt(i + 1) + secret.charAt(i) + secret.substring(i + 2);
            assertThat(SecretFormat.isWellFormed(swapped)).as("swap at %d", i).isFalse();
        }
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"ak_", "sk_test_abc", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln"})
    void obviousNonSecretsAreNotWellFormed(String text) {
        assertThat(SecretFormat.isWellFormed(text)).isFalse();
    }

    @Test
    void aSecretWithACharacterAddedOrRemovedIsNotWellFormed() {
        String secret = SecretFormat.generate(RANDOM);
        assertThat(SecretFormat.isWellFormed(secret + "a")).isFalse();
        assertThat(SecretFormat.isWellFormed(secret.substring(0, secret.length() - 1))).isFalse();
        assertThat(SecretFormat.isWellFormed("a" + secret)).isFalse();
    }

    @Test
    void hintIsTheLastFourCharacters() {
        String secret = SecretFormat.generate(RANDOM);
        assertThat(SecretFormat.hint(secret)).isEqualTo(secret.substring(45)).hasSize(4);
        assertThat(secret).endsWith(SecretFormat.hint(secret));
    }

    @Test
    void sha256IsTheLowerCaseHexDigestOfTheWholeSecret() {
        assertThat(SecretFormat.sha256("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        String secret = SecretFormat.generate(RANDOM);
        assertThat(SecretFormat.sha256(secret)).matches("[0-9a-f]{64}").isNotEqualTo(
                SecretFormat.sha256(secret.substring(0, 48)));
    }

    @Test
    void aSecretOfTheLedgersFormatIsVerifiableOnlyWithItsChecksum() {
        String secret = SecretFormat.generate(new SecureRandom());
        assertThat(SecretFormat.isVerifiable(secret)).isTrue();
        assertThat(SecretFormat.isVerifiable(secret.substring(0, secret.length() - 1) + "!")).isFalse();
        assertThat(SecretFormat.isVerifiable("ak_" + "x".repeat(40))).as("ak_ claims the ledger's format").isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"sk_live_abcdefghijklmnopqrstuvwxyz0123456789", "0123456789abcdef",
            "clerk-api-key_!#$%&'()*+,-./:;<=>?@[]^_`{|}~"})
    void anotherIssuersSecretIsVerifiableByItsHash(String secret) {
        assertThat(SecretFormat.isVerifiable(secret)).isTrue();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"0123456789abcde", "with a space in it", "tab\tinside-the-secret", "é-not-ascii-at-all"})
    void shortOrUnprintableForeignSecretsAreNotVerifiable(String secret) {
        assertThat(SecretFormat.isVerifiable(secret)).isFalse();
        assertThat(SecretFormat.isVerifiable("x".repeat(SecretFormat.FOREIGN_MAX + 1))).isFalse();
        assertThat(SecretFormat.isVerifiable("x".repeat(SecretFormat.FOREIGN_MAX))).isTrue();
    }
}
