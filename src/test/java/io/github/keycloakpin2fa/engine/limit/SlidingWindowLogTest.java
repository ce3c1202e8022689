package io.github.keycloakpin2fa.engine.limit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.keycloakpin2fa.engine.time.Limit;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SlidingWindowLogTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void allowsNEventsInAWindowAndRefusesTheNextOne() {
        Limit limit = Limit.parse("3/1d");
        List<Instant> events = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            SlidingWindowLog.Result result = SlidingWindowLog.tryAcquire(events, limit, T0.plusSeconds(i));
            assertThat(result.decision().allowed()).isTrue();
            events = result.events();
        }

        SlidingWindowLog.Result fourth = SlidingWindowLog.tryAcquire(events, limit, T0.plusSeconds(3));

        assertThat(fourth.decision().allowed()).isFalse();
        assertThat(fourth.decision().retryAfter()).isEqualTo(Duration.ofDays(1).minusSeconds(3));
    }

    @Test
    void allowsAgainExactlyWhenTheOldestEventLeavesTheWindow() {
        Limit limit = Limit.parse("1/3s");
        List<Instant> events = SlidingWindowLog.tryAcquire(List.of(), limit, T0).events();

        SlidingWindowLog.Result justBefore = SlidingWindowLog.tryAcquire(events, limit, T0.plusSeconds(3).minusNanos(1));
        SlidingWindowLog.Result atTheEdge = SlidingWindowLog.tryAcquire(events, limit, T0.plusSeconds(3));

        assertThat(justBefore.decision()).isEqualTo(LimitDecision.refuse(Duration.ofNanos(1)));
        assertThat(atTheEdge.decision()).isEqualTo(LimitDecision.allow());
        assertThat(atTheEdge.events()).containsExactly(T0.plusSeconds(3));
    }

    @Test
    void slidesInsteadOfResettingAtBucketBoundaries() {
        // Fixed daily buckets would allow 3 at 23:59 and 3 more at 00:01.
        Limit limit = Limit.parse("3/1d");
        Instant beforeMidnight = Instant.parse("2026-01-01T23:59:00Z");
        List<Instant> events = List.of(beforeMidnight, beforeMidnight, beforeMidnight);

        SlidingWindowLog.Result afterMidnight = SlidingWindowLog.tryAcquire(events, limit,
                Instant.parse("2026-01-02T00:01:00Z"));

        assertThat(afterMidnight.decision().allowed()).isFalse();
        assertThat(afterMidnight.decision().retryAfter()).isEqualTo(Duration.ofHours(24).minusMinutes(2));
    }

    @Test
    void theWaitIsForTheEventWhoseLeavingFreesAPlace() {
        Limit limit = Limit.parse("2/10s");
        List<Instant> events = List.of(T0, T0.plusSeconds(4));

        SlidingWindowLog.Result result = SlidingWindowLog.tryAcquire(events, limit, T0.plusSeconds(5));

        assertThat(result.decision().retryAfter()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void refusedEventsAreNotRecordedSoRetryingDoesNotExtendTheWait() {
        Limit limit = Limit.parse("1/10s");
        List<Instant> events = SlidingWindowLog.tryAcquire(null, limit, T0).events();

        for (int second = 1; second < 10; second++) {
            SlidingWindowLog.Result refused = SlidingWindowLog.tryAcquire(events, limit, T0.plusSeconds(second));
            assertThat(refused.decision().allowed()).isFalse();
            events = refused.events();
        }

        assertThat(events).containsExactly(T0);
        assertThat(SlidingWindowLog.tryAcquire(events, limit, T0.plusSeconds(10)).decision().allowed()).isTrue();
    }

    @Test
    void prunesEventsThatLeftTheWindow() {
        Limit limit = Limit.parse("5/1m");
        List<Instant> events = List.of(T0, T0.plusSeconds(10), T0.plusSeconds(50));

        SlidingWindowLog.Result result = SlidingWindowLog.tryAcquire(events, limit, T0.plusSeconds(60));

        assertThat(result.events()).containsExactly(T0.plusSeconds(10), T0.plusSeconds(50), T0.plusSeconds(60));
    }

    @Test
    void afterTheLimitWasLoweredOnlyTheNewestNEventsAreKeptAndDecide() {
        Limit lowered = Limit.parse("2/1m");
        List<Instant> events = List.of(T0, T0.plusSeconds(10), T0.plusSeconds(20), T0.plusSeconds(30));

        SlidingWindowLog.Result result = SlidingWindowLog.tryAcquire(events, lowered, T0.plusSeconds(40));

        assertThat(result.events()).containsExactly(T0.plusSeconds(20), T0.plusSeconds(30));
        assertThat(result.decision().retryAfter()).isEqualTo(Duration.ofSeconds(40));
    }

    @Test
    void acceptsEventsInAnyOrderAndCountsFutureOnesFromSkewedClocks() {
        Limit limit = Limit.parse("2/1m");
        List<Instant> unsorted = List.of(T0.plusSeconds(65), T0.plusSeconds(30));

        SlidingWindowLog.Result result = SlidingWindowLog.tryAcquire(unsorted, limit, T0.plusSeconds(60));

        assertThat(result.decision().allowed()).isFalse();
        assertThat(result.events()).containsExactly(T0.plusSeconds(30), T0.plusSeconds(65));
    }

    @Test
    void theStoredListIsUnmodifiable() {
        List<Instant> events = SlidingWindowLog.tryAcquire(List.of(), Limit.parse("1/1s"), T0).events();

        assertThat(events).isUnmodifiable();
    }

    @Test
    void aHugeWindowDoesNotOverflow() {
        Limit limit = Limit.parse("1/100000000000000d");

        SlidingWindowLog.Result first = SlidingWindowLog.tryAcquire(List.of(), limit, T0);
        SlidingWindowLog.Result second = SlidingWindowLog.tryAcquire(first.events(), limit, T0.plusSeconds(1));

        assertThat(second.decision().allowed()).isFalse();
        assertThat(second.decision().retryAfter()).isPositive();
    }
}
