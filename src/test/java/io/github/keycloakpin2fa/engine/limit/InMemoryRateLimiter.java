package io.github.keycloakpin2fa.engine.limit;

import io.github.keycloakpin2fa.engine.time.Limit;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link RateLimiter} for tests: atomic per key within one JVM only, so NOT cluster-safe and not
 * for production. It shows how a storage uses {@link SlidingWindowLog}.
 */
final class InMemoryRateLimiter implements RateLimiter {

    private final Clock clock;
    private final Map<String, List<Instant>> events = new ConcurrentHashMap<>();

    InMemoryRateLimiter(Clock clock) {
        this.clock = clock;
    }

    @Override
    public LimitDecision tryAcquire(String key, Limit limit) {
        LimitDecision[] decision = new LimitDecision[1];
        events.compute(key, (k, stored) -> {
            SlidingWindowLog.Result result = SlidingWindowLog.tryAcquire(stored, limit, clock.instant());
            decision[0] = result.decision();
            return result.events();
        });
        return decision[0];
    }

    int storedEvents(String key) {
        return events.getOrDefault(key, List.of()).size();
    }
}
