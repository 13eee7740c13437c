package org.keyledger.command.secret;

import org.keyledger.events.ApiKeyId;
import org.keyledger.events.ApiKeyImported;
import org.keyledger.events.SealedSecret;
import org.keyledger.platform.error.LedgerException;
import org.keyledger.platform.secret.SecretFormat;
import org.keyledger.platform.secret.SecretSealer;
import org.springframework.stereotype.Component;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The secret of an imported key, made ready to keep: issued by the ledger (as on create), sent by the importer and
 * sealed at once, or known only by its SHA-256 (it verifies; it can never be read back).
 */
@Component
public class ImportedSecrets {

    private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");

    private final SecretIssuer issuer;
    private final SecretSealer sealer;

    ImportedSecrets(SecretIssuer issuer, SecretSealer sealer) {
        this.issuer = issuer;
        this.sealer = sealer;
    }

    /** @param issued the plaintext to return once, when the ledger made the secret; null otherwise */
    public record Prepared(String issued, String source, SealedSecret secret, byte[] wrappedDataKey) {
        @Override
        public String toString() {
            return "Prepared[" + source + ", <redacted>]";
        }
    }

    public Prepared prepare(ApiKeyId id, String secret, String sha256) {
        if (secret != null && sha256 != null) {
            throw LedgerException.invalid("secret_sha256", "Send either secret or secret_sha256, not both.");
        }
        if (secret != null) {
            if (!SecretFormat.isVerifiable(secret)) {
                throw LedgerException.invalid("secret", "secret must be " + SecretFormat.FOREIGN_MIN + " to "
                        + SecretFormat.FOREIGN_MAX + " printable ASCII characters without spaces; one beginning with "
                        + SecretFormat.PREFIX + " must be in the ledger's own format, its checksum matching.");
            }
            SecretSealer.Sealed sealed = sealer.seal(id, secret);
            // the hint is the ledger's checksum characters; of a foreign secret the last characters are entropy
            String hint = SecretFormat.isWellFormed(secret) ? sealed.secret().hint() : null;
            return new Prepared(null, ApiKeyImported.SECRET,
                    new SealedSecret(sealed.secret().sha256(), hint, sealed.secret().ciphertext()),
                    sealed.wrappedDataKey());
        }
        if (sha256 != null) {
            if (!SHA256.matcher(sha256).matches()) {
                throw LedgerException.invalid("secret_sha256",
                        "secret_sha256 must be the SHA-256 of the secret: 64 hexadecimal characters.");
            }
            return new Prepared(null, ApiKeyImported.SHA256,
                    new SealedSecret(sha256.toLowerCase(Locale.ROOT), null, null), null);
        }
        SecretIssuer.Issued issued = issuer.issue(id);
        return new Prepared(issued.plaintext(), ApiKeyImported.ISSUED, issued.sealed().secret(),
                issued.sealed().wrappedDataKey());
    }
}
