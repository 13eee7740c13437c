package org.keyledger.platform.secret;

import org.keyledger.events.ApiKeyId;
import org.keyledger.events.SealedSecret;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * Envelope encryption of key secrets. Each secret is encrypted with AES-256-GCM under a fresh data key of its own;
 * the data key is itself encrypted (wrapped) under the master key. Both are bound to the key id as associated data,
 * so a ciphertext or wrapped key copied onto another key does not open.
 */
public class SecretSealer {

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final int DATA_KEY_BYTES = 32;
    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    /**
     * A cipher a thread, initialised afresh (key and nonce) for every use: looking the transformation up among the
     * providers cost more than the encryption itself.
     */
    private static final ThreadLocal<Cipher> CIPHERS = ThreadLocal.withInitial(() -> {
        try {
            return Cipher.getInstance(TRANSFORMATION);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no " + TRANSFORMATION + " in this JVM", e);
        }
    });

    private final MasterKey masterKey;
    private final SecureRandom random = new SecureRandom();

    public SecretSealer(MasterKey masterKey) {
        this.masterKey = masterKey;
    }

    /** What to keep of a new secret: the event's part (hash, hint, ciphertext) and the vault's (wrapped data key). */
    public record Sealed(SealedSecret secret, byte[] wrappedDataKey) {
    }

    public Sealed seal(ApiKeyId id, String secret) {
        // one call into the random source for the data key and both nonces: each call costs far more than its bytes
        byte[] randomBytes = new byte[DATA_KEY_BYTES + 2 * NONCE_BYTES];
        random.nextBytes(randomBytes);
        try {
            SecretKey dataKey = new SecretKeySpec(randomBytes, 0, DATA_KEY_BYTES, "AES");
            byte[] ciphertext = encrypt(dataKey, secret.getBytes(StandardCharsets.UTF_8), secretAad(id),
                    randomBytes, DATA_KEY_BYTES);
            byte[] wrapped = encrypt(masterKey.key(), dataKey.getEncoded(), dataKeyAad(id),
                    randomBytes, DATA_KEY_BYTES + NONCE_BYTES);
            return new Sealed(new SealedSecret(SecretFormat.sha256(secret), SecretFormat.hint(secret),
                    Base64.getEncoder().encodeToString(ciphertext)), wrapped);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot seal a secret", e);
        } finally {
            Arrays.fill(randomBytes, (byte) 0);
        }
    }

    public String open(ApiKeyId id, String ciphertext, byte[] wrappedDataKey) {
        try {
            SecretKey dataKey = new SecretKeySpec(decrypt(masterKey.key(), wrappedDataKey, dataKeyAad(id)), "AES");
            byte[] secret = decrypt(dataKey, Base64.getDecoder().decode(ciphertext), secretAad(id));
            return new String(secret, StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot open the secret of " + id + ": wrong master key?", e);
        }
    }

    /** @param nonce holds the nonce, fresh from the random source, at {@code offset} */
    private static byte[] encrypt(SecretKey key, byte[] plaintext, byte[] aad, byte[] nonce, int offset)
            throws GeneralSecurityException {
        Cipher cipher = CIPHERS.get();
        cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce, offset, NONCE_BYTES));
        cipher.updateAAD(aad);
        byte[] sealed = new byte[NONCE_BYTES + cipher.getOutputSize(plaintext.length)];
        System.arraycopy(nonce, offset, sealed, 0, NONCE_BYTES);
        cipher.doFinal(plaintext, 0, plaintext.length, sealed, NONCE_BYTES);
        return sealed;
    }

    private static byte[] decrypt(SecretKey key, byte[] nonceAndCiphertext, byte[] aad)
            throws GeneralSecurityException {
        Cipher cipher = CIPHERS.get();
        cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonceAndCiphertext, 0, NONCE_BYTES));
        cipher.updateAAD(aad);
        return cipher.doFinal(nonceAndCiphertext, NONCE_BYTES, nonceAndCiphertext.length - NONCE_BYTES);
    }

    private static byte[] secretAad(ApiKeyId id) {
        return ("secret:" + id.value()).getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] dataKeyAad(ApiKeyId id) {
        return ("data-key:" + id.value()).getBytes(StandardCharsets.US_ASCII);
    }
}
