package org.keyledger.events;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The id's spellings: what a path may carry, what the ledger keeps. */
class ApiKeyIdTest {

    private static final String HEX = "3beecc9c60adb5f9b850e91a8ee1e992";
    private static final String CANONICAL = "ak_" + HEX;

    @Test
    void parseAcceptsTheCanonicalSpellingUnchanged() {
        assertThat(ApiKeyId.parse(CANONICAL)).contains(ApiKeyId.of(CANONICAL));
    }

    @Test
    void parseAcceptsTheLongPrefixAndNormalisesItToAk() {
        assertThat(ApiKeyId.parse("api_key_" + HEX)).map(ApiKeyId::value).contains(CANONICAL);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ak_3BEECC9C60ADB5F9B850E91A8EE1E992", "ak_3BeeCC9c60adB5F9b850e91a8EE1e992",
            "api_key_3BEECC9C60ADB5F9B850E91A8EE1E992"})
    void parseAcceptsUpperCaseHexAndNormalisesItToLowerCase(String text) {
        assertThat(ApiKeyId.parse(text)).map(ApiKeyId::value).contains(CANONICAL);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {
            "ak_",
            "ak_3beecc9c60adb5f9b850e91a8ee1e99",     // 31 digits
            "ak_3beecc9c60adb5f9b850e91a8ee1e9921",   // 33 digits
            "ak_3beecc9c60adb5f9b850e91a8ee1e99g",    // not hex
            "ak_3beecc9c-60ad-b5f9-b850-e91a8ee1e992",
            "AK_3beecc9c60adb5f9b850e91a8ee1e992",    // the prefix is lower case
            "API_KEY_3beecc9c60adb5f9b850e91a8ee1e992",
            "apikey_3beecc9c60adb5f9b850e91a8ee1e992",
            "key_3beecc9c60adb5f9b850e91a8ee1e992",
            "ak-3beecc9c60adb5f9b850e91a8ee1e992",
            "3beecc9c60adb5f9b850e91a8ee1e992",
            " ak_3beecc9c60adb5f9b850e91a8ee1e992",
            "ak_3beecc9c60adb5f9b850e91a8ee1e992 ",
            "ak_3beecc9c60adb5f9b850e91a8ee1e992\n",
            "ak_3beecc9c60adb5f9b850e91a8ee1e992/revoke",
            "ak_３beecc9c60adb5f9b850e91a8ee1e992",   // a full-width digit
            "ak_ak_3beecc9c60adb5f9b850e91a8ee1e992"})
    void parseRejectsAnythingElse(String text) {
        assertThat(ApiKeyId.parse(text)).isEqualTo(Optional.empty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"api_key_3beecc9c60adb5f9b850e91a8ee1e992", "ak_3BEECC9C60ADB5F9B850E91A8EE1E992", "ak_1",
            "ak_3beecc9c60adb5f9b850e91a8ee1e99g", "ak_3beecc9c60adb5f9b850e91a8ee1e9921",
            "AK_3beecc9c60adb5f9b850e91a8ee1e992", "ak_３beecc9c60adb5f9b850e91a8ee1e992",
            "ak-3beecc9c60adb5f9b850e91a8ee1e992", "ak_3beecc9c60adb5f9b850e91a8ee1e99:",
            "ak_3beecc9c60adb5f9b850e91a8ee1e99`"})
    void ofAcceptsOnlyTheCanonicalSpelling(String text) {
        assertThatThrownBy(() -> ApiKeyId.of(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void ofRejectsNull() {
        assertThatThrownBy(() -> ApiKeyId.of(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void generatedIdsAreCanonicalAndDistinct() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            ApiKeyId id = ApiKeyId.generate();
            assertThat(id.value()).matches("ak_[0-9a-f]{32}");
            assertThat(ApiKeyId.parse(id.value())).contains(id);
            assertThat(seen.add(id.value())).isTrue();
        }
    }

    @Test
    void toStringIsTheBareValue() {
        assertThat(ApiKeyId.of(CANONICAL)).hasToString(CANONICAL);
    }
}
