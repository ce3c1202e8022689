package io.github.keycloakpin2fa.engine.limit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.keycloakpin2fa.engine.time.Limit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ClaimedPlacesTest {

    /** Places in a concurrent map, with expiry as a single-use-object store has it: a claim lasts its life. */
    private static final class MapPlaces implements ClaimedPlaces.Places {
        private final Map<String, long[]> held = new ConcurrentHashMap<>(); // place -> {claimedAt, until}

        @Override
        public boolean claim(String place, long lifeMillis, long nowMillis) {
            long[] mine = {nowMillis, nowMillis + lifeMillis};
            long[] now = held.compute(place, (k, old) -> old == null || old[1] <= nowMillis ? mine : old);
            return now == mine;
        }

        @Override
        public OptionalLong claimedAt(String place, long nowMillis) {
            long[] h = held.get(place);
            return h == null || h[1] <= nowMillis ? OptionalLong.empty() : OptionalLong.of(h[0]);
        }

        @Override
        public void release(String place) {
            held.remove(place);
        }
    }

    private static final Limit THREE_PER_MINUTE = Limit.parse("3/1m");

    @Test
    void n_events_in_a_window_are_allowed_and_the_next_waits_until_the_first_leaves_it() {
        MapPlaces places = new MapPlaces();
        assertThat(ClaimedPlaces.tryAcquire(places, "k", THREE_PER_MINUTE, 0).decision().allowed()).isTrue();
        assertThat(ClaimedPlaces.tryAcquire(places, "k", THREE_PER_MINUTE, 10_000).decision().allowed()).isTrue();
        assertThat(ClaimedPlaces.tryAcquire(places, "k", THREE_PER_MINUTE, 20_000).decision().allowed()).isTrue();

        ClaimedPlaces.Claim fourth = ClaimedPlaces.tryAcquire(places, "k", THREE_PER_MINUTE, 30_000);
        assertThat(fourth.decision().allowed()).isFalse();
        assertThat(fourth.decision().retryAfter()).isEqualTo(Duration.ofSeconds(30)); // the event at 0 leaves at 60 s
        assertThat(fourth.place()).isNull();
        assertThat(ClaimedPlaces.tryAcquire(places, "k", THREE_PER_MINUTE, 59_999).decision().allowed()).isFalse();
        assertThat(ClaimedPlaces.tryAcquire(places, "k", THREE_PER_MINUTE, 60_000).decision().allowed()).isTrue(); // sliding
        assertThat(ClaimedPlaces.tryAcquire(places, "k", THREE_PER_MINUTE, 60_001).decision().allowed()).isFalse();
    }

    @Test
    void keys_do_not_share_places_and_a_released_place_is_free_again() {
        MapPlaces places = new MapPlaces();
        Limit one = Limit.parse("1/1h");
        ClaimedPlaces.Claim mine = ClaimedPlaces.tryAcquire(places, "session-a", one, 0);
        assertThat(ClaimedPlaces.tryAcquire(places, "session-b", one, 0).decision().allowed()).isTrue();
        assertThat(ClaimedPlaces.tryAcquire(places, "session-a", one, 1).decision().allowed()).isFalse();

        places.release(mine.place());

        assertThat(ClaimedPlaces.tryAcquire(places, "session-a", one, 2).decision().allowed()).isTrue();
    }

    @Test
    void eight_racing_claims_on_three_places_take_exactly_three() throws Exception {
        MapPlaces places = new MapPlaces();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> results = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            results.add(pool.submit(() -> {
                start.await();
                return ClaimedPlaces.tryAcquire(places, "k", THREE_PER_MINUTE, 1_000).decision().allowed();
            }));
        }
        start.countDown();
        int allowed = 0;
        for (Future<Boolean> r : results) {
            allowed += r.get(10, TimeUnit.SECONDS) ? 1 : 0;
        }
        pool.shutdown();
        assertThat(allowed).isEqualTo(3);
    }

    @Test
    void only_small_limits_are_kept_as_places() {
        assertThat(ClaimedPlaces.fits(Limit.parse("64/1h"))).isTrue();
        assertThat(ClaimedPlaces.fits(Limit.parse("65/1h"))).isFalse();
        assertThatThrownBy(() -> ClaimedPlaces.tryAcquire(new MapPlaces(), "k", Limit.parse("1000/1d"), 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
