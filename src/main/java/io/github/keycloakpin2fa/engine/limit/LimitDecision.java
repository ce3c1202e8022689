package io.github.keycloakpin2fa.engine.limit;

import java.time.Duration;
import java.util.Objects;

/**
 * Whether a rate-limited event may happen now, and if not, how long until it may.
 *
 * @param allowed whether the event was allowed (and recorded)
 * @param retryAfter zero when allowed; otherwise the positive time until a place in the window frees
 */
public record LimitDecision(boolean allowed, Duration retryAfter) {

    private static final LimitDecision ALLOW = new LimitDecision(true, Duration.ZERO);

    /** Checks that retryAfter is zero exactly when allowed. */
    public LimitDecision {
        Objects.requireNonNull(retryAfter, "retryAfter");
        if (allowed != retryAfter.isZero() || retryAfter.isNegative()) {
            throw new IllegalArgumentException("retryAfter must be zero when allowed and positive when refused");
        }
    }

    /** An allowed event. */
    public static LimitDecision allow() {
        return ALLOW;
    }

    /** A refused event that may be retried after {@code retryAfter}. */
    public static LimitDecision refuse(Duration retryAfter) {
        return new LimitDecision(false, retryAfter);
    }

    /** {@link #retryAfter()} in whole seconds rounded up, for an HTTP {@code Retry-After} header. */
    public long retryAfterSeconds() {
        long seconds = retryAfter.getSeconds();
        return retryAfter.getNano() > 0 ? seconds + 1 : seconds;
    }
}
