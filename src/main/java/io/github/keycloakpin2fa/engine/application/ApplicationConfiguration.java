package io.github.keycloakpin2fa.engine.application;

import io.github.keycloakpin2fa.engine.time.Limit;
import io.github.keycloakpin2fa.engine.time.TimeLength;
import java.util.Objects;

/**
 * The validated configuration of a 2FA application, with Infobip's field names and defaults.
 *
 * @param pinAttempts wrong tries allowed for one PIN before it is blocked
 * @param allowMultiplePinVerifications whether a verified PIN may be verified again while it lives;
 *     when false the first successful verification consumes the PIN
 * @param pinTimeToLive how long a PIN is valid after it was first sent
 * @param verifyPinLimit verify requests allowed per destination
 * @param sendPinPerApplicationLimit PINs sent (and resent) through the application
 * @param sendPinPerPhoneNumberLimit PINs sent (and resent) to one destination
 */
public record ApplicationConfiguration(
        int pinAttempts,
        boolean allowMultiplePinVerifications,
        TimeLength pinTimeToLive,
        Limit verifyPinLimit,
        Limit sendPinPerApplicationLimit,
        Limit sendPinPerPhoneNumberLimit) {

    /** Infobip's defaults: 10 attempts, multiple verifications allowed, 15m, 1/3s, 10000/1d, 3/1d. */
    public static final ApplicationConfiguration DEFAULTS = new ApplicationConfiguration(
            10, true, TimeLength.parse("15m"), Limit.parse("1/3s"), Limit.parse("10000/1d"), Limit.parse("3/1d"));

    /** Checks that every value is present and pinAttempts positive; the bounds are {@link ApplicationValidator}'s. */
    public ApplicationConfiguration {
        if (pinAttempts < 1) {
            throw new IllegalArgumentException("pinAttempts must be positive: " + pinAttempts);
        }
        Objects.requireNonNull(pinTimeToLive, "pinTimeToLive");
        Objects.requireNonNull(verifyPinLimit, "verifyPinLimit");
        Objects.requireNonNull(sendPinPerApplicationLimit, "sendPinPerApplicationLimit");
        Objects.requireNonNull(sendPinPerPhoneNumberLimit, "sendPinPerPhoneNumberLimit");
    }
}
