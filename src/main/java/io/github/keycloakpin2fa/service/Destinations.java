package io.github.keycloakpin2fa.service;

import io.github.keycloakpin2fa.delivery.Channel;
import io.github.keycloakpin2fa.engine.validation.ValidationErrors;
import java.util.regex.Pattern;

/** Checks and normalises where a PIN goes: an MSISDN for SMS and voice, an address for email. */
final class Destinations {

    /** E.164: up to 15 digits, no leading zero; Infobip writes it without {@code +}. */
    private static final Pattern MSISDN = Pattern.compile("[1-9][0-9]{5,14}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s\\x00-\\x1f]{1,64}@[^@\\s\\x00-\\x1f]{1,255}\\.[^@\\s.\\x00-\\x1f]{2,63}");

    private Destinations() {
    }

    /** The normalised destination, or null with an error added under {@code field}. */
    static String normalize(Channel channel, String to, String field, ValidationErrors errors) {
        if (to == null) {
            errors.add(field, "may not be null");
            return null;
        }
        String trimmed = to.trim();
        if (channel == Channel.EMAIL) {
            if (trimmed.length() > 320 || !EMAIL.matcher(trimmed).matches()) {
                errors.add(field, "must be an email address");
                return null;
            }
            return trimmed;
        }
        String digits = trimmed.startsWith("+") ? trimmed.substring(1) : trimmed;
        if (!MSISDN.matcher(digits).matches()) {
            errors.add(field, "must be a phone number in international format, digits only, e.g. 41793026727");
            return null;
        }
        return digits;
    }

    /**
     * The digest a destination's budgets are keyed by. Email addresses are case-folded: A@x.org
     * and a@x.org reach one inbox and share one budget.
     */
    static String limitDigest(String destination) {
        return Hashing.sha256(destination.indexOf('@') >= 0 ? destination.toLowerCase(java.util.Locale.ROOT) : destination);
    }
}
