package io.github.keycloakpin2fa.engine.time;

import java.time.Duration;
import java.util.Objects;

/**
 * An upper bound on a time, with the message a validator reports when it is exceeded.
 * The bound is inclusive: a time exactly as long as {@link #max()} is allowed.
 *
 * @param max the longest allowed duration
 * @param message the validation message for a longer time (the field prefix is added by the validator)
 */
public record TimeBound(Duration max, String message) {

    /** A PIN lives at most one year (365 days of 24 hours). */
    public static final TimeBound PIN_TIME_TO_LIVE =
            new TimeBound(Duration.ofDays(365), "Time to live must be at most 1 year (365d)");

    /** The window of the verify-PIN limit is at most one day (24 hours). */
    public static final TimeBound VERIFY_LIMIT_WINDOW =
            new TimeBound(Duration.ofDays(1), "Time window must be at most 1 day (1d)");

    /**
     * The window of a send limit is at most one year (365 days). Longer windows would overflow
     * the clock's arithmetic; no one needs them.
     */
    public static final TimeBound SEND_LIMIT_WINDOW =
            new TimeBound(Duration.ofDays(365), "Time window must be at most 1 year (365d)");

    /** Checks that both parts are present and the bound positive. */
    public TimeBound {
        Objects.requireNonNull(max, "max");
        Objects.requireNonNull(message, "message");
        if (max.isNegative() || max.isZero()) {
            throw new IllegalArgumentException("max must be positive");
        }
    }

    /** True when {@code time} is not longer than the bound. */
    public boolean allows(TimeLength time) {
        return time.isAtMost(max);
    }
}
