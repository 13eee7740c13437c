package org.keyledger.platform.secret;

import java.security.SecureRandom;

/** The digits 0-9, A-Z, a-z: what the ledger's secrets and development keys are written in. */
public final class Base62 {

    static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private Base62() {
    }

    /**
     * {@code length} digits drawn uniformly from {@code random}: six random bits a digit, the two values above 61
     * drawn again (rejection keeps every digit equally likely). The bits come a batch at a time, because each call
     * into a {@link SecureRandom} costs far more than its bytes (a lock and a mix for the default NativePRNG): a call
     * a digit was a third of the request threads' CPU in a profile of a short import.
     */
    public static String random(SecureRandom random, int length) {
        char[] digits = new char[length];
        byte[] bits = new byte[length + length / 8 + 2];
        int filled = 0;
        while (filled < length) {
            random.nextBytes(bits);
            for (int i = 0; i < bits.length && filled < length; i++) {
                int value = bits[i] & 0x3f;
                if (value < ALPHABET.length()) {
                    digits[filled++] = ALPHABET.charAt(value);
                }
            }
        }
        return new String(digits);
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
