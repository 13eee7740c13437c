package org.keyledger.platform.secret;

import java.security.SecureRandom;

/** The digits 0-9, A-Z, a-z: what the ledger's secrets and development keys are written in. */
public final class Base62 {

    static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private Base62() {
    }

    /** {@code length} digits drawn uniformly from {@code random}. */
    public static String random(SecureRandom random, int length) {
        StringBuilder digits = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            digits.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return digits.toString();
    }

    static boolean isDigit(char c) {
        return ALPHABET.indexOf(c) >= 0;
    }

    /** {@code value} (not negative) in exactly {@code width} digits, high digits first; higher ones are dropped. */
    static String encode(long value, int width) {
        char[] digits = new char[width];
        for (int i = width - 1; i >= 0; i--) {
            digits[i] = ALPHABET.charAt((int) (value % ALPHABET.length()));
            value /= ALPHABET.length();
        }
        return new String(digits);
    }
}
