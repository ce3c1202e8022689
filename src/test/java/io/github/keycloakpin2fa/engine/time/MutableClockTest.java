package io.github.keycloakpin2fa.engine.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class MutableClockTest {

    @Test
    void standsStillUntilAdvancedOrSet() {
        MutableClock clock = MutableClock.at(Instant.parse("2026-03-01T10:00:00Z"));
        assertThat(clock.instant()).isEqualTo(Instant.parse("2026-03-01T10:00:00Z"));

        clock.advance(Duration.ofMinutes(15));
        assertThat(clock.instant()).isEqualTo(Instant.parse("2026-03-01T10:15:00Z"));

        clock.set(Instant.EPOCH);
        assertThat(clock.millis()).isZero();
    }

    @Test
    void aZonedCopySharesTheTime() {
        MutableClock clock = MutableClock.atFixedStart();
        var zoned = clock.withZone(ZoneId.of("Europe/Zagreb"));

        clock.advance(Duration.ofSeconds(3));

        assertThat(zoned.instant()).isEqualTo(clock.instant());
        assertThat(zoned.getZone()).isEqualTo(ZoneId.of("Europe/Zagreb"));
    }
}
