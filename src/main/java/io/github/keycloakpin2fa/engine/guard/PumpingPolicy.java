package io.github.keycloakpin2fa.engine.guard;

import io.github.keycloakpin2fa.engine.time.Limit;
import io.github.keycloakpin2fa.engine.time.TimeLength;
import java.util.Objects;

/**
 * SMS-pumping detection for one application: over the last {@code window}, PINs sent to one
 * destination country and how many of them were verified. At {@code minSends} or more sends, a
 * conversion (verified / sent) below {@code minConversionPercent} means pumping: sends to that
 * country that are not logins to a confirmed phone are then held to {@code throttledLimit}.
 *
 * @param enabled whether detection runs
 * @param window the sliding window the conversion is measured over (at most one day)
 * @param minSends the volume below which no conversion counts as pumping
 * @param minConversionPercent verified per 100 sent, 0 to 100
 * @param throttledLimit the budget of a country while pumping is detected there
 */
public record PumpingPolicy(boolean enabled, TimeLength window, int minSends, int minConversionPercent, Limit throttledLimit) {

    /** On; 1 hour; at least 50 sends; under 20% verified; then 10 sends an hour to that country. */
    public static final PumpingPolicy DEFAULTS =
            new PumpingPolicy(true, TimeLength.parse("1h"), 50, 20, Limit.parse("10/1h"));

    /** Checks presence and ranges. */
    public PumpingPolicy {
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(throttledLimit, "throttledLimit");
        if (minSends < 1) {
            throw new IllegalArgumentException("minSends must be positive");
        }
        if (minConversionPercent < 0 || minConversionPercent > 100) {
            throw new IllegalArgumentException("minConversionPercent must be 0 to 100");
        }
    }

    /** Whether {@code verified} of {@code sent} PINs in the window mean pumping. */
    public boolean isPumping(long sent, long verified) {
        if (!enabled || sent < minSends) {
            return false;
        }
        // verified / sent < min / 100, without rounding
        return verified * 100 < (long) minConversionPercent * sent;
    }
}
