package io.github.keycloakpin2fa.engine.policy;

import io.github.keycloakpin2fa.engine.template.PinType;
import io.github.keycloakpin2fa.engine.time.TimeLength;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Optional;

/**
 * What OWASP ASVS 5.0 asks of out-of-band codes used to log in: V6.5.4 at least 20 bits of
 * entropy ("6 random digits is sufficient", so at least {@value #MIN_COMBINATIONS} possible PINs),
 * V6.5.5 a life of at most 10 minutes. Infobip's API defaults (4 digits, 15 minutes) are below it;
 * the login step holds its PINs to this policy unless an admin overrides it explicitly.
 */
public final class LoginPinPolicy {

    /** 10^6: six random digits, which ASVS 5.0 V6.5.4 names as enough for its 20 bits. */
    public static final long MIN_COMBINATIONS = 1_000_000L;
    /** ASVS 5.0 V6.5.5: out-of-band codes live at most 10 minutes. */
    public static final Duration MAX_TIME_TO_LIVE = Duration.ofMinutes(10);

    private LoginPinPolicy() {
    }

    /** How many different PINs a template of this type and length can produce. */
    public static BigInteger combinations(PinType type, int length) {
        return BigInteger.valueOf(type.alphabet().length()).pow(Math.max(0, length));
    }

    /** Why PINs of this shape are below ASVS 5.0 V6.5.4, or empty when they carry enough entropy. */
    public static Optional<String> entropyProblem(PinType type, int length) {
        if (combinations(type, length).compareTo(BigInteger.valueOf(MIN_COMBINATIONS)) >= 0) {
            return Optional.empty();
        }
        return Optional.of(length + "-character " + type + " PINs have fewer than 20 bits of entropy (ASVS 5.0 V6.5.4:"
                + " at least " + MIN_COMBINATIONS + " possible PINs, e.g. 6 digits)");
    }

    /** Why PINs living this long are below ASVS 5.0 V6.5.5, or empty when they live at most 10 minutes. */
    public static Optional<String> lifeProblem(TimeLength timeToLive) {
        return timeToLive.isAtMost(MAX_TIME_TO_LIVE) ? Optional.empty()
                : Optional.of("PINs live " + timeToLive + ", longer than 10 minutes (ASVS 5.0 V6.5.5)");
    }
}
