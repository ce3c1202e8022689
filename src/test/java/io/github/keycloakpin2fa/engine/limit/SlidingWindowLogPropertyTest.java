package io.github.keycloakpin2fa.engine.limit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.keycloakpin2fa.engine.time.Limit;
import io.github.keycloakpin2fa.engine.time.TimeLength;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Random request times (seeded, so reproducible) against the sliding-window meaning of a limit. */
class SlidingWindowLogPropertyTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20})
    void theWindowIsNeverOverfullNorRefusesWithoutReason(long seed) {
        Random random = new Random(seed);
        int attempts = 1 + random.nextInt(6);
        long windowMillis = 1 + random.nextInt(2000);
        Limit limit = new Limit(attempts, new TimeLength(windowMillis, ChronoUnit.MILLIS));
        Duration window = limit.window().toDuration();

        List<Instant> stored = List.of();
        List<Instant> accepted = new ArrayList<>();
        int refusals = 0;
        Instant now = T0;
        for (int request = 0; request < 2000; request++) {
            // Bursts (same instant) and gaps of up to two windows per N.
            now = now.plusMillis(random.nextInt(4) == 0 ? 0 : random.nextInt((int) (2 * windowMillis / attempts) + 1));
            SlidingWindowLog.Result result = SlidingWindowLog.tryAcquire(stored, limit, now);
            stored = result.events();
            assertThat(stored).hasSizeLessThanOrEqualTo(attempts);

            if (result.decision().allowed()) {
                accepted.add(now);
            } else {
                refusals++;
                assertRefusalWasNeeded(accepted, limit, now, result.decision().retryAfter());
            }
        }

        assertThat(accepted).as("some requests are allowed").isNotEmpty();
        assertThat(refusals).as("some requests are refused").isPositive();
        for (Instant start : accepted) {
            Instant end = start.plus(window);
            long inInterval = accepted.stream().filter(e -> !e.isBefore(start) && e.isBefore(end)).count();
            assertThat(inInterval).as("events in [%s, %s)", start, end).isLessThanOrEqualTo(attempts);
        }
    }

    /** At a refusal the window (now - T, now] is full, and it has a free place exactly after retryAfter. */
    private static void assertRefusalWasNeeded(List<Instant> accepted, Limit limit, Instant now, Duration retryAfter) {
        Duration window = limit.window().toDuration();
        assertThat(countIn(accepted, now.minus(window), now)).isEqualTo(limit.attempts());

        Instant retryAt = now.plus(retryAfter);
        assertThat(countIn(accepted, retryAt.minus(window), retryAt)).isLessThan(limit.attempts());
        Instant justBefore = retryAt.minusNanos(1);
        assertThat(countIn(accepted, justBefore.minus(window), justBefore)).isEqualTo(limit.attempts());
    }

    /** Accepted events in the half-open (after, upTo]. */
    private static long countIn(List<Instant> accepted, Instant after, Instant upTo) {
        return accepted.stream().filter(e -> e.isAfter(after) && !e.isAfter(upTo)).count();
    }
}
