package io.github.keycloakpin2fa.delivery.http;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Back-off waits without waiting: each wait is recorded and moves this clock instead, so retry
 * tests are fast and exact about how long the sender would have waited.
 */
public final class RecordingSleeper implements RetryingSender.Sleeper {

    private final List<Duration> waits = new ArrayList<>();
    private long slept;

    @Override
    public void sleep(Duration duration) {
        waits.add(duration);
        slept += duration.toNanos();
    }

    /** Real time plus every wait so far. */
    public long nanoTime() {
        return System.nanoTime() + slept;
    }

    public List<Duration> waits() {
        return waits;
    }
}
