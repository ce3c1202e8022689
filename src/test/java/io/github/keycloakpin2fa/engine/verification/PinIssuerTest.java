package io.github.keycloakpin2fa.engine.verification;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.keycloakpin2fa.engine.application.ApplicationConfiguration;
import io.github.keycloakpin2fa.engine.pin.PinGenerator;
import io.github.keycloakpin2fa.engine.pin.PinHasher;
import io.github.keycloakpin2fa.engine.template.PinType;
import io.github.keycloakpin2fa.engine.time.MutableClock;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PinIssuerTest {

    private final MutableClock clock = MutableClock.atFixedStart();
    private final PinHasher hasher = new PinHasher(new byte[32]);
    private final PinIssuer issuer = new PinIssuer(new PinGenerator(new Random(3)), hasher, clock);

    @Test
    void issuesAPinOfTheTemplatesShapeStoredOnlyAsItsHash() {
        IssuedPin issued = issuer.issue("ID1", PinType.HEX, 6, "41793026727", ApplicationConfiguration.DEFAULTS);

        assertThat(issued.pin()).hasSize(6).matches("[0-9A-F]{6}");
        assertThat(issued.state().pinHash()).isEqualTo(hasher.hash("ID1", issued.pin())).doesNotContain(issued.pin());
        assertThat(issued.state().pinType()).isEqualTo(PinType.HEX);
    }

    @Test
    void timesComeFromTheServersClock() {
        clock.advance(Duration.ofHours(2));

        PinState state = issuer.issue("ID1", PinType.NUMERIC, 4, "x", ApplicationConfiguration.DEFAULTS).state();

        assertThat(state.sentAt()).isEqualTo(clock.instant());
        assertThat(state.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(15)));
    }

    @Test
    void anIssuedPinVerifiesAndItsToStringHidesThePin() {
        IssuedPin issued = issuer.issue("ID1", PinType.NUMERIC, 6, "x", ApplicationConfiguration.DEFAULTS);

        assertThat(new PinVerifier(hasher).verify(issued.state(), issued.pin(), clock.instant()).result().verified())
                .isTrue();
        assertThat(issued.toString()).doesNotContain(issued.pin());
    }

    @Test
    void aResendIssuesAFreshPinUnderTheSameIdAndKeepsExpiryAndAttempts() {
        IssuedPin first = issuer.issue("ID1", PinType.NUMERIC, 6, "x", ApplicationConfiguration.DEFAULTS);
        PinVerifier verifier = new PinVerifier(hasher);
        PinState afterWrongTry = verifier.verify(first.state(), "wrong", clock.instant()).state();
        clock.advance(Duration.ofMinutes(5));

        IssuedPin second = issuer.reissue(afterWrongTry, 6);

        assertThat(second.state().pinId()).isEqualTo("ID1");
        assertThat(second.state().expiresAt()).isEqualTo(first.state().expiresAt());
        assertThat(second.state().attemptsRemaining()).isEqualTo(afterWrongTry.attemptsRemaining());
        assertThat(verifier.verify(second.state(), second.pin(), clock.instant()).result().verified()).isTrue();
        assertThat(second.pin()).as("seeded generator: a different PIN").isNotEqualTo(first.pin());
        assertThat(verifier.verify(second.state(), first.pin(), clock.instant()).result().verified())
                .as("the earlier PIN stops working").isFalse();
    }

    @Test
    void anExpiredPinCannotBeResent() {
        IssuedPin first = issuer.issue("ID1", PinType.NUMERIC, 6, "x", ApplicationConfiguration.DEFAULTS);
        clock.advance(Duration.ofMinutes(15));

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> issuer.reissue(first.state(), 6))
                .isInstanceOf(IllegalStateException.class);
    }
}
