package io.github.keycloakpin2fa.engine.limit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LimitDecisionTest {

    @Test
    void anAllowedEventWaitsForNothing() {
        assertThat(LimitDecision.allow().retryAfter()).isZero();
        assertThat(LimitDecision.allow().retryAfterSeconds()).isZero();
    }

    @Test
    void aRefusalHasAPositiveWait() {
        assertThatThrownBy(() -> LimitDecision.refuse(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LimitDecision.refuse(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LimitDecision(true, Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "{0} is Retry-After {1}")
    @CsvSource({"PT0.001S, 1", "PT1S, 1", "PT1.5S, 2", "PT2S, 2", "PT0.000000001S, 1"})
    void retryAfterSecondsRoundsUp(Duration wait, long seconds) {
        assertThat(LimitDecision.refuse(wait).retryAfterSeconds()).isEqualTo(seconds);
    }
}
