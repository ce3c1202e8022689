package io.github.keycloakpin2fa.engine.guard;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.keycloakpin2fa.engine.time.Limit;
import io.github.keycloakpin2fa.engine.time.TimeLength;
import org.junit.jupiter.api.Test;

class PumpingPolicyTest {

    private final PumpingPolicy policy = new PumpingPolicy(true, TimeLength.parse("1h"), 20, 25, Limit.parse("1/1h"));

    @Test
    void low_conversion_is_pumping_only_from_the_minimum_volume_on() {
        assertThat(policy.isPumping(19, 0)).as("too few sends to judge").isFalse();
        assertThat(policy.isPumping(20, 0)).isTrue();
        assertThat(policy.isPumping(1_000, 0)).isTrue();
    }

    @Test
    void the_threshold_is_exact_without_rounding() {
        assertThat(policy.isPumping(20, 4)).as("20% < 25%").isTrue();
        assertThat(policy.isPumping(20, 5)).as("25% is enough").isFalse();
        assertThat(policy.isPumping(21, 5)).as("23.8% < 25%").isTrue();
    }

    @Test
    void switched_off_it_never_says_pumping() {
        PumpingPolicy off = new PumpingPolicy(false, TimeLength.parse("1h"), 20, 25, Limit.parse("1/1h"));
        assertThat(off.isPumping(1_000_000, 0)).isFalse();
    }
}
