package org.keyledger.command.apikey;

import org.keyledger.platform.ApiKeyType;
import org.keyledger.platform.StorableText;
import org.keyledger.platform.error.LedgerException;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The field rules of a key (Clerk's formats, plus the ledger's length limits), in one place for create and update.
 * Each returns the value to keep or throws a {@link LedgerException} naming the request field at fault.
 */
final class ApiKeyRules {

    static final int NAME_MIN = 3;
    static final int TEXT_MAX = 255;
    static final int REASON_MAX = 1024;
    /** A hundred years: far enough for "long-lived", near enough that now + expiration cannot overflow. */
    static final BigDecimal SECONDS_MAX = BigDecimal.valueOf(100L * 365 * 24 * 3600);
    private static final Pattern SUBJECT = Pattern.compile("(user|org|mch|scim)_\\w{27}");
    private static final Pattern CREATED_BY = Pattern.compile("user_\\w{27}");

    private ApiKeyRules() {
    }

    /** The fields every key comes into the ledger with, created or imported, each kept as its rule says. */
    record Arriving(String type, String name, String subject, String description, String createdBy,
                    List<String> scopes, Object claims) {
    }

    /** Checks the fields of a key coming in, in this order; throws at the first rule broken. */
    static Arriving arriving(String type, String name, String subject, String description, String createdBy,
                             List<String> scopes, Object claims) {
        return new Arriving(type(type), name(name), subject(subject), description(description), createdBy(createdBy),
                scopes(scopes, true), claims(claims));
    }

    static String type(String type) {
        return ApiKeyType.requireApiKey(type);
    }

    static String name(String name) {
        if (name == null) {
            throw LedgerException.missing("name");
        }
        if (!name.isEmpty() && (isWhiteSpace(name.codePointAt(0)) || isWhiteSpace(name.codePointBefore(name.length())))) {
            throw LedgerException.invalid("name", "name must not begin or end with white space.");
        }
        StorableText.require("name", name);
        if (name.length() < NAME_MIN || name.length() > TEXT_MAX) {
            throw LedgerException.invalid("name",
                    "name must be between " + NAME_MIN + " and " + TEXT_MAX + " characters long.");
        }
        return name;
    }

    /**
     * Unicode white space: {@link String#strip()} misses the no-break spaces (U+00A0, U+2007, U+202F) and NEL
     * (U+0085), which would let "ci-deploy" and a look-alike with an invisible edge coexist in one subject.
     */
    private static boolean isWhiteSpace(int c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == 0x85;
    }

    static String subject(String subject) {
        if (subject == null) {
            throw LedgerException.missing("subject");
        }
        if (!SUBJECT.matcher(subject).matches()) {
            throw LedgerException.invalid("subject",
                    "subject must be a user, organization, machine or SCIM id, such as user_2xhFjEI5X2qWRvtV13BzSj8H6Dk.");
        }
        return subject;
    }

    static String createdBy(String createdBy) {
        if (createdBy != null && !CREATED_BY.matcher(createdBy).matches()) {
            throw LedgerException.invalid("created_by", "created_by must be a user id, such as user_2xhFjEI5X2qWRvtV13BzSj8H6Dk.");
        }
        return createdBy;
    }

    static String description(String description) {
        StorableText.require("description", description);
        if (description != null && description.length() > TEXT_MAX) {
            throw LedgerException.invalid("description", "description must be at most " + TEXT_MAX + " characters long.");
        }
        return description;
    }

    static List<String> scopes(List<String> scopes, boolean defaultToEmpty) {
        if (scopes == null) {
            if (defaultToEmpty) {
                return List.of();
            }
            throw LedgerException.invalid("scopes", "scopes must be an array of strings.");
        }
        StorableText.requireWithin("scopes", scopes);
        return List.copyOf(scopes);
    }

    /** @return when a key expires, {@code seconds} after {@code now} (unix ms), or null for never */
    static Long expiration(BigDecimal seconds, long now) {
        if (seconds == null) {
            return null;
        }
        if (seconds.signum() <= 0 || seconds.compareTo(SECONDS_MAX) > 0) {
            throw LedgerException.invalid("seconds_until_expiration",
                    "seconds_until_expiration must be greater than 0 and at most " + SECONDS_MAX + " (100 years).");
        }
        return now + seconds.movePointRight(3).setScale(0, RoundingMode.HALF_UP).longValueExact();
    }

    /** Any JSON value, kept as sent, provided every string in it (keys included) can be stored. */
    static Object claims(Object claims) {
        return StorableText.requireWithin("claims", claims);
    }

    static String revocationReason(String reason) {
        StorableText.require("revocation_reason", reason);
        if (reason != null && reason.length() > REASON_MAX) {
            throw LedgerException.invalid("revocation_reason",
                    "revocation_reason must be at most " + REASON_MAX + " characters long.");
        }
        return reason;
    }
}
