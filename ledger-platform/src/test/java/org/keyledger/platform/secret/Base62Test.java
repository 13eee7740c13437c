package org.keyledger.platform.secret;

import org.junit.jupiter.api.Test;

import java.security.SecureRandom;

import static org.assertj.core.api.Assertions.assertThat;

class Base62Test {

    /** Hands out the bytes 0, 1, 2, ... 255, 0, ... and counts the calls. */
    private static final class CountingRandom extends SecureRandom {
        int calls;
        int next;

        @Override
        public void nextBytes(byte[] bytes) {
            calls++;
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = (byte) next++;
            }
        }
    }

    @Test
    void sixBitsADigitAndTheTwoValuesAbove61Dropped() {
        CountingRandom random = new CountingRandom();

        String digits = Base62.random(random, 64);

        // bytes 0..61 are the digits themselves; 62 and 63 are drawn again; 64 (its six low bits 0) starts over
        assertThat(digits).isEqualTo(Base62.ALPHABET + "01");
    }

    @Test
    void aSecretsRandomPartTakesOneCallIntoTheRandomSource() {
        CountingRandom random = new CountingRandom();

        SecretFormat.generate(random);

        assertThat(random.calls).isEqualTo(1);
    }

    @Test
    void everyDigitEquallyLikely() {
        SecureRandom random = new SecureRandom();
        int[] counts = new int[Base62.ALPHABET.length()];
        int draws = 62 * 2_000;
        for (char c : Base62.random(random, draws).toCharArray()) {
            counts[Base62.ALPHABET.indexOf(c)]++;
        }
        // chi-square with 61 degrees of freedom: above 120 about once in 10^7 runs
        double chiSquare = 0;
        for (int count : counts) {
            chiSquare += Math.pow(count - 2_000, 2) / 2_000;
        }
        assertThat(chiSquare).isLessThan(120);
    }
}
