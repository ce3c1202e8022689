package io.github.keycloakpin2fa.engine.limit;

import io.github.keycloakpin2fa.engine.time.Limit;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * The sliding-window-log algorithm behind every {@link RateLimiter}. A limit {@code N/T} means: in
 * any half-open interval {@code [a, a + T)} at most {@code N} events are allowed. Unlike fixed
 * buckets (where {@code 3/1d} would allow 3 events just before midnight and 3 more just after), a
 * sliding window never lets a burst straddle a boundary.
 *
 * <p>An event at {@code now} is allowed when fewer than {@code N} stored events lie in
 * {@code (now - T, now]}; an event at exactly {@code now - T} no longer counts. When refused, the
 * wait is the time until enough stored events have left the window for a place to free. Refused
 * events are not stored, so retrying early does not extend the wait.
 *
 * <p>The function is pure: storage reads the key's events, calls {@link #tryAcquire}, and writes
 * {@link Result#events()} back atomically. That list is sorted, holds only events still in the
 * window and at most {@code N} of them (the newest; older ones can never decide anything), so
 * storage stays bounded. Events later than {@code now} (clock skew between nodes) count as in the
 * window.
 */
public final class SlidingWindowLog {

    /**
     * A decision and the events to store for the key.
     *
     * @param decision allowed or refused with its wait
     * @param events the pruned events, oldest first, including {@code now} when allowed
     */
    public record Result(LimitDecision decision, List<Instant> events) {

        /** Copies the events. */
        public Result {
            Objects.requireNonNull(decision, "decision");
            events = List.copyOf(events);
        }
    }

    private SlidingWindowLog() {
    }

    /**
     * Decides whether an event at {@code now} is allowed.
     *
     * @param events the key's stored events in any order; null counts as none
     * @param limit the limit
     * @param now the current time
     */
    public static Result tryAcquire(Collection<Instant> events, Limit limit, Instant now) {
        Objects.requireNonNull(limit, "limit");
        Objects.requireNonNull(now, "now");
        Duration window = limit.window().toDuration();
        Instant windowStart = minus(now, window);
        List<Instant> live = new ArrayList<>();
        if (events != null) {
            events.stream().filter(event -> event.isAfter(windowStart)).sorted().forEach(live::add);
        }
        int attempts = limit.attempts();
        if (live.size() < attempts) {
            live.add(now);
            live.sort(null);
            return new Result(LimitDecision.allow(), live);
        }
        List<Instant> newest = live.subList(live.size() - attempts, live.size());
        Instant freesAt = plus(newest.get(0), window);
        return new Result(LimitDecision.refuse(Duration.between(now, freesAt)), newest);
    }

    private static Instant minus(Instant instant, Duration duration) {
        try {
            return instant.minus(duration);
        } catch (DateTimeException | ArithmeticException beforeTime) {
            return Instant.MIN;
        }
    }

    private static Instant plus(Instant instant, Duration duration) {
        try {
            return instant.plus(duration);
        } catch (DateTimeException | ArithmeticException afterTime) {
            return Instant.MAX;
        }
    }
}
