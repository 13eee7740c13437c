package org.keyledger.platform.secret;

import org.keyledger.events.ApiKeyId;
import org.keyledger.events.SealedSecret;

import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Envelope encryption of key secrets. Each secret is encrypted with AES-256-GCM under a fresh data key of its own;
 * the data key is itself encrypted (wrapped) under the master key. Both are bound to the key id as associated data,
 * so a ciphertext or wrapped key copied onto another key does not open.
 */
public class SecretSealer {

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final MasterKey masterKey;
    private final SecureRandom random = new SecureRandom();

    public SecretSealer(MasterKey masterKey) {
        this.masterKey = masterKey;
    }

    /** What to keep of a new secret: the event's part (hash, hint, ciphertext) and the vault's (wrapped data key). */
    public record Sealed(SealedSecret secret, byte[] wrappedDataKey) {
    }

    public Sealed seal(ApiKeyId id, String secret) {
        try {
            KeyGenerator generator = KeyGenerator.getInstance("AES");
            generator.init(256, random);
            SecretKey dataKey = generator.generateKey();
            byte[] ciphertext = encrypt(dataKey, secret.getBytes(StandardCharsets.UTF_8), secretAad(id));
            byte[] wrapped = encrypt(masterKey.key(), dataKey.getEncoded(), dataKeyAad(id));
            return new Sealed(new SealedSecret(SecretFormat.sha256(secret), SecretFormat.hint(secret),
                    Base64.getEncoder().encodeToString(ciphertext)), wrapped);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot seal a secret", e);
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

    private byte[] encrypt(SecretKey key, byte[] plaintext, byte[] aad) throws GeneralSecurityException {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(aad);
        byte[] sealed = cipher.doFinal(plaintext);
        return ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
    }

    private static byte[] decrypt(SecretKey key, byte[] nonceAndCiphertext, byte[] aad)
            throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
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
