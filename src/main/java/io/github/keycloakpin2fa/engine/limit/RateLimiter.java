package io.github.keycloakpin2fa.engine.limit;

import io.github.keycloakpin2fa.engine.time.Limit;

/**
 * Decides and records rate-limited events with the meaning of {@link SlidingWindowLog}: never more
 * than {@code limit.attempts()} allowed events for one key in any time interval
 * {@code [a, a + window)}. Refused events are not recorded.
 *
 * <p>Implementations must be atomic across the cluster: two nodes asking at once for the last
 * place of a key must not both be allowed. They use the server's clock and store, per key, either
 * the list {@link SlidingWindowLog#tryAcquire} returns (at most {@code attempts} instants) or, so
 * that a decision costs the same however full the window, the slots of
 * {@link SlidingWindowCounter} (exact up to {@link SlidingWindowCounter#EXACT_UP_TO} attempts,
 * a documented bounded approximation above), expiring them one window after the newest event.
 *
 * <p>Keys name the scope of a limit, for example {@code send-app:<appId>},
 * {@code send-to:<appId>:<destination>} and {@code verify:<appId>:<destination>}.
 */
public interface RateLimiter {

    /**
     * Records an event for {@code key} now if {@code limit} allows it.
     *
     * @return allowed, or refused with the time until a place frees
     */
    LimitDecision tryAcquire(String key, Limit limit);
}
