package io.github.keycloakpin2fa.engine.limit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.keycloakpin2fa.engine.limit.SlidingWindowCounter.Slot;
import io.github.keycloakpin2fa.engine.time.Limit;
import io.github.keycloakpin2fa.engine.time.TimeLength;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The bounded-space sliding window against the exact log: identical for small limits, and for
 * large ones never more than N per window, refusing only when the window widened by one slot is full.
 */
class SlidingWindowCounterTest {

    @Test
    void count_holds_the_events_of_the_slots_whose_end_is_in_the_window() {
        List<Slot> slots = List.of(new Slot(1_000, 3), new Slot(5_000, 2), new Slot(9_000, 1));

        assertThat(SlidingWindowCounter.count(slots, 10_000, 10_000)).isEqualTo(6);
        assertThat(SlidingWindowCounter.count(slots, 5_000, 10_000)).as("the slot ending at 5,000 is out").isEqualTo(1);
        assertThat(SlidingWindowCounter.count(slots, 6_000, 10_000)).isEqualTo(3);
        assertThat(SlidingWindowCounter.count(null, 6_000, 10_000)).isZero();
    }

    @Test
    void count_agrees_with_what_tryAcquire_lets_through() {
        Limit limit = new Limit(Integer.MAX_VALUE, TimeLength.parse("1h"));
        List<Slot> slots = List.of();
        long t = 0;
        for (int i = 0; i < 500; i++) {
            t += 17_000;
            slots = SlidingWindowCounter.tryAcquire(slots, limit, t).slots();
        }
        // 500 events 17 s apart: those of the last hour, give or take one slot (1% of the window)
        long counted = SlidingWindowCounter.count(slots, 3_600_000, t);
        assertThat(counted).isBetween(3_600_000L / 17_000, 3_636_000L / 17_000 + 1);
    }

    private static final long T0 = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
    void small_limits_decide_exactly_as_the_sliding_window_log(long seed) {
        Random random = new Random(seed);
        int attempts = 1 + random.nextInt(SlidingWindowCounter.EXACT_UP_TO);
        long windowMillis = 1 + random.nextInt(5000);
        Limit limit = new Limit(attempts, new TimeLength(windowMillis, ChronoUnit.MILLIS));

        List<Instant> log = List.of();
        List<Slot> slots = List.of();
        long now = T0;
        for (int request = 0; request < 3000; request++) {
            now += random.nextInt(4) == 0 ? 0 : random.nextInt((int) (2 * windowMillis / attempts) + 1);
            SlidingWindowLog.Result exact = SlidingWindowLog.tryAcquire(log, limit, Instant.ofEpochMilli(now));
            SlidingWindowCounter.Result counted = SlidingWindowCounter.tryAcquire(slots, limit, now);
            assertThat(counted.decision()).as("request %d at +%d ms", request, now - T0).isEqualTo(exact.decision());
            log = exact.events();
            slots = SlidingWindowCounter.decode(SlidingWindowCounter.encode(counted.slots()));
            assertThat(slots.stream().mapToInt(Slot::count).sum()).isLessThanOrEqualTo(attempts);
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void large_limits_never_allow_more_and_refuse_only_when_one_slot_more_is_full(long seed) {
        Random random = new Random(seed);
        int attempts = SlidingWindowCounter.EXACT_UP_TO + 1 + random.nextInt(400);
        long windowMillis = 1000 + random.nextInt(100_000);
        Limit limit = new Limit(attempts, new TimeLength(windowMillis, ChronoUnit.MILLIS));
        long g = SlidingWindowCounter.granularity(limit);
        assertThat(g).isEqualTo((windowMillis + 99) / 100);

        List<Long> accepted = new ArrayList<>();
        List<Slot> slots = List.of();
        long now = T0;
        int refusals = 0;
        for (int request = 0; request < 20_000; request++) {
            now += random.nextInt(3) == 0 ? 0 : random.nextInt((int) (3 * windowMillis / attempts) + 1);
            SlidingWindowCounter.Result result = SlidingWindowCounter.tryAcquire(slots, limit, now);
            slots = result.slots();
            assertThat(slots).hasSizeLessThanOrEqualTo(SlidingWindowCounter.SLOTS_PER_WINDOW + 1);
            if (result.decision().allowed()) {
                accepted.add(now);
            } else {
                refusals++;
                long widenedStart = now - windowMillis - (g - 1);
                assertThat(countIn(accepted, widenedStart, now))
                        .as("refused at +%d ms: the window widened by g - 1 = %d ms is full", now - T0, g - 1)
                        .isGreaterThanOrEqualTo(attempts);
                long retryAt = now + result.decision().retryAfter().toMillis();
                assertThat(SlidingWindowCounter.tryAcquire(slots, limit, retryAt).decision().allowed())
                        .as("a place is free when the wait ends").isTrue();
                assertThat(SlidingWindowCounter.tryAcquire(slots, limit, retryAt - 1).decision().allowed())
                        .as("and not a millisecond earlier").isFalse();
                assertThat(countIn(accepted, retryAt - windowMillis, retryAt)).isLessThan(attempts);
            }
        }
        assertThat(refusals).as("the limit was reached").isPositive();
        assertThat(accepted.size()).as("and was used").isGreaterThan(attempts);
        // Never more than N in any [a, a + T): two pointers over the sorted accepted times.
        int first = 0;
        for (int last = 0; last < accepted.size(); last++) {
            while (accepted.get(last) - accepted.get(first) >= windowMillis) {
                first++;
            }
            assertThat(last - first + 1).as("events in [%d, %d + T)", accepted.get(first), accepted.get(first)).isLessThanOrEqualTo(attempts);
        }
    }

    @Test
    void the_stored_state_stays_small_however_full_the_window() {
        Limit infobipDefault = Limit.parse("10000/1d");
        Limit huge = Limit.parse("100000000/1d");
        List<Slot> slots = List.of();
        List<Slot> hugeSlots = List.of();
        long now = T0;
        for (int event = 0; event < 50_000; event++) {
            now += 1700; // spread over the whole day
            slots = SlidingWindowCounter.tryAcquire(slots, infobipDefault, now).slots();
            hugeSlots = SlidingWindowCounter.tryAcquire(hugeSlots, huge, now).slots();
        }
        assertThat(slots).hasSizeLessThanOrEqualTo(101);
        assertThat(hugeSlots).hasSizeLessThanOrEqualTo(101);
        assertThat(SlidingWindowCounter.encode(hugeSlots).length()).isLessThan(1200);
        assertThat(SlidingWindowCounter.encode(slots).length()).isLessThan(1200);
    }

    @Test
    void a_full_small_window_says_when_its_oldest_event_leaves() {
        Limit limit = Limit.parse("3/1h");
        List<Slot> slots = List.of();
        for (long at : new long[] {T0, T0 + 1000, T0 + 2000}) {
            slots = SlidingWindowCounter.tryAcquire(slots, limit, at).slots();
        }
        SlidingWindowCounter.Result refused = SlidingWindowCounter.tryAcquire(slots, limit, T0 + 60_000);
        assertThat(refused.decision().allowed()).isFalse();
        assertThat(refused.decision().retryAfter().toMillis()).isEqualTo(3_600_000 - 60_000);
        assertThat(refused.slots()).as("a refusal records nothing").hasSize(3);
        assertThat(SlidingWindowCounter.tryAcquire(slots, limit, T0 + 3_600_000).decision().allowed()).isTrue();
        assertThat(refused.expiresAt()).isEqualTo(T0 + 2000 + 3_600_000);
    }

    @Test
    void events_from_a_clock_ahead_count_and_keep_the_slots_in_order() {
        Limit limit = Limit.parse("2/1m");
        List<Slot> slots = SlidingWindowCounter.tryAcquire(List.of(), limit, T0 + 5000).slots();
        SlidingWindowCounter.Result second = SlidingWindowCounter.tryAcquire(slots, limit, T0);
        assertThat(second.decision().allowed()).isTrue();
        assertThat(second.slots()).extracting(Slot::end).containsExactly(T0, T0 + 5000);
        assertThat(SlidingWindowCounter.tryAcquire(second.slots(), limit, T0 + 1).decision().allowed()).isFalse();
    }

    @Test
    void encoding_round_trips_and_unreadable_text_is_no_events() {
        List<Slot> slots = List.of(new Slot(T0, 1), new Slot(T0 + 999, 37), new Slot(T0 + 5_000_000, 1));
        assertThat(SlidingWindowCounter.decode(SlidingWindowCounter.encode(slots))).isEqualTo(slots);
        assertThat(SlidingWindowCounter.decode("")).isEmpty();
        assertThat(SlidingWindowCounter.decode(null)).isEmpty();
        assertThat(SlidingWindowCounter.decode("not,base36!")).isEmpty();
    }

    @Test
    void windows_too_long_for_milliseconds_do_not_overflow() {
        Limit limit = new Limit(2, new TimeLength(Long.MAX_VALUE / 1000, ChronoUnit.SECONDS));
        List<Slot> slots = SlidingWindowCounter.tryAcquire(List.of(), limit, T0).slots();
        slots = SlidingWindowCounter.tryAcquire(slots, limit, T0 + 1).slots();
        SlidingWindowCounter.Result refused = SlidingWindowCounter.tryAcquire(slots, limit, T0 + 2);
        assertThat(refused.decision().allowed()).isFalse();
        assertThat(refused.expiresAt()).isEqualTo(Long.MAX_VALUE);
    }

    /** Accepted events in (after, upTo]. */
    private static long countIn(List<Long> accepted, long after, long upTo) {
        return accepted.stream().filter(e -> e > after && e <= upTo).count();
    }
}
