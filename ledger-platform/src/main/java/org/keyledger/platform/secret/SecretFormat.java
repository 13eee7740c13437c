package org.keyledger.platform.secret;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.zip.CRC32;

/**
 * The shape of an API key secret: {@code ak_} + 40 random base62 characters (≈ 238 bits from a CSPRNG) + 6 base62
 * characters of the random part's CRC32. The checksum lets verify reject a mistyped or made-up secret before any
 * lookup, and lets secret scanners recognise a leaked key with few false positives. No dots, so it never looks like
 * a JWT.
 */
public final class SecretFormat {

    public static final String PREFIX = "ak_";
    static final int RANDOM_LENGTH = 40;
    static final int CHECKSUM_LENGTH = 6;
    public static final int LENGTH = PREFIX.length() + RANDOM_LENGTH + CHECKSUM_LENGTH;
    private static final int HINT_LENGTH = 4;

    private SecretFormat() {
    }

    public static String generate(SecureRandom random) {
        String randomPart = Base62.random(random, RANDOM_LENGTH);
        return PREFIX + randomPart + checksum(randomPart);
    }

    /** True when the text has the secret's shape and its checksum matches; says nothing of whether a key exists. */
    public static boolean isWellFormed(String secret) {
        if (secret == null || secret.length() != LENGTH || !secret.startsWith(PREFIX)) {
            return false;
        }
        for (int i = PREFIX.length(); i < LENGTH; i++) {
            if (!Base62.isDigit(secret.charAt(i))) {
                return false;
            }
        }
        String randomPart = secret.substring(PREFIX.length(), PREFIX.length() + RANDOM_LENGTH);
        return checksum(randomPart).equals(secret.substring(PREFIX.length() + RANDOM_LENGTH));
    }

    /** Hex SHA-256 of the whole secret: what the ledger stores and looks keys up by. */
    public static String sha256(String secret) {
        return Sha256.hex(secret);
    }

    /** The last characters, which belong to the checksum: recognisable to a person, worth nothing to an attacker. */
    public static String hint(String secret) {
        return secret.substring(secret.length() - HINT_LENGTH);
    }

    private static String checksum(String randomPart) {
        CRC32 crc = new CRC32();
        crc.update(randomPart.getBytes(StandardCharsets.US_ASCII));
        return Base62.encode(crc.getValue(), CHECKSUM_LENGTH);
    }
}
