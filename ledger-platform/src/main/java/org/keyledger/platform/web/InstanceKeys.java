package org.keyledger.platform.web;

import org.keyledger.platform.secret.Base62;
import org.keyledger.platform.secret.Sha256;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The operator's instance secret keys ({@code LEDGER_SECRET_KEYS}), accepted as {@code Authorization: Bearer …}.
 * Only their SHA-256 digests are held; a presented key is compared against every digest in constant time.
 */
public class InstanceKeys {

    private static final Logger log = LoggerFactory.getLogger(InstanceKeys.class);

    private final List<byte[]> digests;

    private InstanceKeys(List<String> keys) {
        this.digests = keys.stream().map(Sha256::of).toList();
    }

    /**
     * @param configured comma-separated keys; when blank, a development key is generated and printed once on the
     *                   console (not through the logs), so that a local ledger is usable at once
     */
    public static InstanceKeys fromConfiguration(String configured) {
        List<String> keys = configured == null ? List.of()
                : Arrays.stream(configured.split(",")).map(String::trim).filter(k -> !k.isEmpty()).toList();
        if (!keys.isEmpty()) {
            return new InstanceKeys(keys);
        }
        String devKey = generateDevelopmentKey();
        log.warn("LEDGER_SECRET_KEYS is not set: generated a development instance key for this run only");
        System.out.println("\n  Development instance key (Authorization: Bearer …): " + devKey + "\n");
        return new InstanceKeys(List.of(devKey));
    }

    /** The fingerprint of the matching key ({@code key_} + 12 hex digits of its SHA-256), if any key matches. */
    public Optional<String> authenticate(String presented) {
        if (presented == null || presented.isEmpty()) {
            return Optional.empty();
        }
        byte[] digest = Sha256.of(presented);
        byte[] match = null;
        for (byte[] candidate : digests) { // no early exit: the time taken does not tell which key matched
            if (MessageDigest.isEqual(candidate, digest)) {
                match = candidate;
            }
        }
        return Optional.ofNullable(match).map(d -> "key_" + HexFormat.of().formatHex(d, 0, 6));
    }

    /** A new random development key: {@code sk_test_} + 40 base62 characters (the local mode keeps one on disk). */
    public static String generateDevelopmentKey() {
        return "sk_test_" + Base62.random(new SecureRandom(), 40);
    }
}
