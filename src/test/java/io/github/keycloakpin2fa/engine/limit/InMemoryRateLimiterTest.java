package io.github.keycloakpin2fa.engine.limit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.keycloakpin2fa.engine.time.Limit;
import io.github.keycloakpin2fa.engine.time.MutableClock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class InMemoryRateLimiterTest {

    private final MutableClock clock = MutableClock.atFixedStart();
    private final InMemoryRateLimiter limiter = new InMemoryRateLimiter(clock);

    @Test
    void sendPinPerPhoneNumberDefaultAllowsThreeADayPerNumber() {
        Limit threePerDay = Limit.parse("3/1d");
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.tryAcquire("send-to:app:41793026727", threePerDay).allowed()).isTrue();
            clock.advance(Duration.ofHours(1));
        }

        LimitDecision fourth = limiter.tryAcquire("send-to:app:41793026727", threePerDay);
        assertThat(fourth.allowed()).isFalse();
        assertThat(fourth.retryAfter()).isEqualTo(Duration.ofHours(21));
        assertThat(limiter.tryAcquire("send-to:app:41793026728", threePerDay).allowed()).isTrue();

        clock.advance(Duration.ofHours(21));
        assertThat(limiter.tryAcquire("send-to:app:41793026727", threePerDay).allowed()).isTrue();
        assertThat(limiter.storedEvents("send-to:app:41793026727")).isEqualTo(3);
    }

    @Test
    void concurrentRequestsNeverExceedTheLimitOnOneNode() throws Exception {
        Limit limit = Limit.parse("10/1h");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<LimitDecision>> decisions = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                decisions.add(pool.submit(() -> limiter.tryAcquire("verify:app:1", limit)));
            }
            long allowed = 0;
            for (Future<LimitDecision> decision : decisions) {
                allowed += decision.get().allowed() ? 1 : 0;
            }
            assertThat(allowed).isEqualTo(10);
        } finally {
            pool.shutdownNow();
        }
    }
}
