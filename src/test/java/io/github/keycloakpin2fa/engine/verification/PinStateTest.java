package io.github.keycloakpin2fa.engine.verification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.keycloakpin2fa.engine.application.ApplicationConfiguration;
import io.github.keycloakpin2fa.engine.template.PinType;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PinStateTest {

    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");

    private static PinState issued() {
        return PinState.issue("ID", "HASH-VALUE", PinType.NUMERIC, "41793026727", ApplicationConfiguration.DEFAULTS, NOW);
    }

    @Test
    void issuingStartsWithTheApplicationsRules() {
        PinState state = issued();

        assertThat(state.sentAt()).isEqualTo(NOW);
        assertThat(state.expiresAt()).isEqualTo(NOW.plus(Duration.ofMinutes(15)));
        assertThat(state.attemptsRemaining()).isEqualTo(10);
        assertThat(state.allowMultiplePinVerifications()).isTrue();
        assertThat(state.verified()).isFalse();
        assertThat(state.verifiedAt()).isNull();
        assertThat(state.consumed()).isFalse();
    }

    @Test
    void expiresAtTheEndOfItsTimeToLive() {
        PinState state = issued();

        assertThat(state.isExpired(NOW.plus(Duration.ofMinutes(15)).minusMillis(1))).isFalse();
        assertThat(state.isExpired(NOW.plus(Duration.ofMinutes(15)))).isTrue();
    }

    @Test
    void aResendMakesSenseOnlyWhileThePinCanStillBeVerified() {
        PinState state = issued();
        assertThat(state.canResend(NOW)).isTrue();
        assertThat(state.canResend(state.expiresAt())).isFalse();

        PinState exhausted = new PinState("ID", "H", PinType.NUMERIC, "x", NOW, state.expiresAt(), 0, true, false,
                null, false);
        assertThat(exhausted.canResend(NOW)).isFalse();

        PinState consumed = new PinState("ID", "H", PinType.NUMERIC, "x", NOW, state.expiresAt(), 0, false, true,
                NOW, true);
        assertThat(consumed.canResend(NOW)).isFalse();

        PinState verifiedButReusable = new PinState("ID", "H", PinType.NUMERIC, "x", NOW, state.expiresAt(), 10, true,
                true, NOW, false);
        assertThat(verifiedButReusable.canResend(NOW)).as("a verified PIN is not resent").isFalse();
    }

    @Test
    void toStringLeavesOutTheHash() {
        assertThat(issued().toString()).doesNotContain("HASH-VALUE").contains("attemptsRemaining=10");
    }

    @Test
    void rejectsInconsistentStates() {
        Instant later = NOW.plusSeconds(60);
        assertThatThrownBy(() -> new PinState("ID", "H", PinType.NUMERIC, "x", NOW, NOW, 1, true, false, null, false))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PinState("ID", "H", PinType.NUMERIC, "x", NOW, later, -1, true, false, null, false))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PinState("ID", "H", PinType.NUMERIC, "x", NOW, later, 1, true, true, null, false))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PinState("ID", "H", PinType.NUMERIC, "x", NOW, later, 0, true, true, NOW, true))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aResultCarriesAnErrorExactlyWhenNotVerified() {
        assertThatThrownBy(() -> new VerificationResult(true, 1, PinError.WRONG_PIN))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new VerificationResult(false, 1, null)).isInstanceOf(IllegalArgumentException.class);
    }
}
