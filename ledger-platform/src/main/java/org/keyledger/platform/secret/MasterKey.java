package org.keyledger.platform.secret;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/** The operator's 256-bit AES key that wraps every per-key data key ({@code LEDGER_MASTER_KEY}, base64). */
public final class MasterKey {

    private static final Logger log = LoggerFactory.getLogger(MasterKey.class);
    private static final int BYTES = 32;

    private final SecretKey key;

    private MasterKey(byte[] bytes) {
        if (bytes.length != BYTES) {
            throw new IllegalArgumentException("LEDGER_MASTER_KEY must be 32 bytes (256 bits), base64-encoded");
        }
        this.key = new SecretKeySpec(bytes, "AES");
    }

    public static MasterKey fromBase64(String base64) {
        try {
            return new MasterKey(Base64.getDecoder().decode(base64.trim()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("LEDGER_MASTER_KEY must be 32 bytes (256 bits), base64-encoded");
        }
    }

    /**
     * The configured key or, when none is configured, one generated once into {@code file} and read from there on
     * later starts, with a warning: fine for a laptop, not for production, where the key belongs in a secret store.
     */
    public static MasterKey configuredOrLocal(String configured, Path file) {
        if (configured != null && !configured.isBlank()) {
            return fromBase64(configured);
        }
        try {
            if (!Files.exists(file)) {
                byte[] bytes = new byte[BYTES];
                new SecureRandom().nextBytes(bytes);
                Files.createDirectories(file.toAbsolutePath().getParent());
                Files.writeString(file, Base64.getEncoder().encodeToString(bytes));
                try {
                    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException ignored) {
                    // not a POSIX file system
                }
                log.warn("LEDGER_MASTER_KEY is not set: generated a master key into {}. Keep that file; without it "
                        + "no secret can be read back. In production, set LEDGER_MASTER_KEY from a secret store.",
                        file.toAbsolutePath());
            } else {
                log.warn("LEDGER_MASTER_KEY is not set: using the master key in {}", file.toAbsolutePath());
            }
            return fromBase64(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the local master key " + file, e);
        }
    }

    SecretKey key() {
        return key;
    }
}
