package io.github.keycloakpin2fa.engine.limit;

import io.github.keycloakpin2fa.engine.time.Limit;
import java.time.Duration;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * A sliding-window limit {@code N/T} kept as {@code N} places that an event claims and holds for
 * {@code T}: at most {@code N} events in any window of {@code T}, the meaning of
 * {@link SlidingWindowLog}, without a row to lock. It needs only an atomic "claim if free" from the
 * store, which Keycloak's single-use objects give across a cluster (put-if-absent with a lifespan).
 * For small limits only (at most {@value #MAX_PLACES}): a refusal looks at every place.
 */
public final class ClaimedPlaces {

    /** Limits above this many events stay with the {@link RateLimiter}. */
    public static final int MAX_PLACES = 64;

    /** Where places are held. */
    public interface Places {

        /**
         * Claims a place if nobody holds it, atomically, for at least {@code lifeMillis}.
         *
         * @return true when this call claimed it
         */
        boolean claim(String place, long lifeMillis, long nowMillis);

        /**
         * When a held place was claimed: {@code nowMillis} when it was claimed a moment ago and its
         * time is not written yet; empty when it is free.
         */
        OptionalLong claimedAt(String place, long nowMillis);

        /** Frees a place this request claimed (its send was refused by another limit). */
        void release(String place);
    }

    /**
     * A decision and, when allowed, the place claimed.
     *
     * @param place the claimed place, to {@link Places#release} if the send does not go ahead; null when refused
     */
    public record Claim(LimitDecision decision, String place) {

        /** Checks the decision is there. */
        public Claim {
            Objects.requireNonNull(decision, "decision");
        }
    }

    private ClaimedPlaces() {
    }

    /** Whether {@code limit} is small enough to be kept as places. */
    public static boolean fits(Limit limit) {
        return limit.attempts() <= MAX_PLACES;
    }

    /**
     * Claims the first free place of {@code key}, or refuses with the wait until the earliest
     * claimed one frees.
     */
    public static Claim tryAcquire(Places places, String key, Limit limit, long nowMillis) {
        if (!fits(limit)) {
            throw new IllegalArgumentException("A limit of " + limit.attempts() + " events is not kept as places");
        }
        long life = limit.window().toDuration().toMillis();
        for (int i = 0; i < limit.attempts(); i++) {
            String place = place(key, i);
            if (places.claim(place, life, nowMillis)) {
                return new Claim(LimitDecision.allow(), place);
            }
        }
        long earliest = nowMillis;
        for (int i = 0; i < limit.attempts(); i++) {
            // A place freed since the claims above: the wait is as short as it gets.
            earliest = Math.min(earliest, places.claimedAt(place(key, i), nowMillis).orElse(nowMillis - life));
        }
        return new Claim(LimitDecision.refuse(Duration.ofMillis(Math.max(1, earliest + life - nowMillis))), null);
    }

    /** The key of one place. */
    static String place(String key, int index) {
        return key + "#" + index;
    }
}
