package org.keyledger.platform.secret;

import org.junit.jupiter.api.Test;
import org.keyledger.events.ApiKeyId;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecretSealerTest {

    private static final String MASTER = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    private static final String OTHER_MASTER = "HxwdHhsaGRgXFhUUExIREA8ODQwLCgkIBwYFBAMCAQA=";

    private final SecretSealer sealer = new SecretSealer(MasterKey.fromBase64(MASTER));
    private final ApiKeyId id = ApiKeyId.generate();
    private final String secret = SecretFormat.generate(new SecureRandom());

    @Test
    void sealedSecretOpensToTheSecret() {
        SecretSealer.Sealed sealed = sealer.seal(id, secret);

        assertThat(sealer.open(id, sealed.secret().ciphertext(), sealed.wrappedDataKey())).isEqualTo(secret);
    }

    @Test
    void anotherSealerWithTheSameMasterKeyOpensIt() {
        SecretSealer.Sealed sealed = sealer.seal(id, secret);

        SecretSealer restarted = new SecretSealer(MasterKey.fromBase64(MASTER));
        assertThat(restarted.open(id, sealed.secret().ciphertext(), sealed.wrappedDataKey())).isEqualTo(secret);
    }

    @Test
    void sealedSecretKeepsTheHashAndHint() {
        SecretSealer.Sealed sealed = sealer.seal(id, secret);

        assertThat(sealed.secret().sha256()).isEqualTo(SecretFormat.sha256(secret));
        assertThat(sealed.secret().hint()).isEqualTo(secret.substring(secret.length() - 4));
    }

    @Test
    void openingWithAnotherKeyIdFails() {
        SecretSealer.Sealed sealed = sealer.seal(id, secret);

        assertThatThrownBy(() -> sealer.open(ApiKeyId.generate(), sealed.secret().ciphertext(), sealed.wrappedDataKey()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageNotContaining(secret);
    }

    @Test
    void openingWithAnotherMasterKeyFails() {
        SecretSealer.Sealed sealed = sealer.seal(id, secret);

        SecretSealer other = new SecretSealer(MasterKey.fromBase64(OTHER_MASTER));
        assertThatThrownBy(() -> other.open(id, sealed.secret().ciphertext(), sealed.wrappedDataKey()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageNotContaining(secret);
    }

    @Test
    void openingWithAnotherKeysDataKeyFails() {
        SecretSealer.Sealed sealed = sealer.seal(id, secret);
        SecretSealer.Sealed another = sealer.seal(id, SecretFormat.generate(new SecureRandom()));

        assertThatThrownBy(() -> sealer.open(id, sealed.secret().ciphertext(), another.wrappedDataKey()))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void tamperedCiphertextDoesNotOpen() {
        SecretSealer.Sealed sealed = sealer.seal(id, secret);
        byte[] bytes = Base64.getDecoder().decode(sealed.secret().ciphertext());
        bytes[bytes.length - 1] ^= 1;

        assertThatThrownBy(() -> sealer.open(id, Base64.getEncoder().encodeToString(bytes), sealed.wrappedDataKey()))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aFailedOpenLeavesTheThreadsCipherFitForTheNext() {
        SecretSealer.Sealed sealed = sealer.seal(id, secret);
        ApiKeyId other = ApiKeyId.generate();
        assertThatThrownBy(() -> sealer.open(other, sealed.secret().ciphertext(), sealed.wrappedDataKey()))
                .isInstanceOf(IllegalStateException.class);

        SecretSealer.Sealed next = sealer.seal(other, secret);
        assertThat(sealer.open(other, next.secret().ciphertext(), next.wrappedDataKey())).isEqualTo(secret);
        assertThat(sealer.open(id, sealed.secret().ciphertext(), sealed.wrappedDataKey())).isEqualTo(secret);
    }

    @Test
    void ciphertextAndWrappedKeyDoNotContainTheSecret() {
        SecretSealer.Sealed sealed = sealer.seal(id, secret);
        byte[] plain = secret.getBytes(StandardCharsets.UTF_8);
        String ciphertext = sealed.secret().ciphertext();
        byte[] ciphertextBytes = Base64.getDecoder().decode(ciphertext);

        assertThat(ciphertext).doesNotContain(secret).doesNotContain(secret.substring(3, 43));
        assertThat(new String(ciphertextBytes, StandardCharsets.ISO_8859_1))
                .doesNotContain(new String(plain, StandardCharsets.ISO_8859_1))
                .doesNotContain(secret.substring(3, 23));
        assertThat(HexFormat.of().formatHex(ciphertextBytes)).doesNotContain(HexFormat.of().formatHex(plain));
        assertThat(new String(sealed.wrappedDataKey(), StandardCharsets.ISO_8859_1)).doesNotContain(secret);
        assertThat(sealed.secret().toString()).doesNotContain(secret);
        // nonce (12) + ciphertext (49) + GCM tag (16)
        assertThat(ciphertextBytes).hasSize(12 + plain.length + 16);
    }

    @Test
    void sealingTheSameSecretTwiceGivesDifferentCiphertexts() {
        SecretSealer.Sealed first = sealer.seal(id, secret);
        SecretSealer.Sealed second = sealer.seal(id, secret);

        assertThat(first.secret().ciphertext()).isNotEqualTo(second.secret().ciphertext());
        assertThat(first.wrappedDataKey()).isNotEqualTo(second.wrappedDataKey());
        assertThat(sealer.open(id, second.secret().ciphertext(), second.wrappedDataKey())).isEqualTo(secret);
    }

    @Test
    void masterKeyMustBe256Bits() {
        assertThatThrownBy(() -> MasterKey.fromBase64(Base64.getEncoder().encodeToString(new byte[16])))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MasterKey.fromBase64("not base64!"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
