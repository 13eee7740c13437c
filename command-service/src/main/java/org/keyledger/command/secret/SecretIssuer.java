package org.keyledger.command.secret;

import org.keyledger.events.ApiKeyId;
import org.keyledger.platform.secret.SecretFormat;
import org.keyledger.platform.secret.SecretSealer;
import org.springframework.stereotype.Component;

import java.security.SecureRandom;

/** Makes a new key's secret and seals it at once: the plaintext goes to the client and nowhere else. */
@Component
public class SecretIssuer {

    private final SecureRandom random = new SecureRandom();
    private final SecretSealer sealer;

    SecretIssuer(SecretSealer sealer) {
        this.sealer = sealer;
    }

    /** @param plaintext returned once, in the create response; {@code sealed} is what the ledger keeps */
    public record Issued(String plaintext, SecretSealer.Sealed sealed) {
        @Override
        public String toString() {
            return "Issued[plaintext=<redacted>]";
        }
    }

    public Issued issue(ApiKeyId id) {
        String secret = SecretFormat.generate(random);
        return new Issued(secret, sealer.seal(id, secret));
    }
}
