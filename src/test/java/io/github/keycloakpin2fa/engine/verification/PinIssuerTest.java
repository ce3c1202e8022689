package io.github.keycloakpin2fa.engine.verification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
    void aResendSendsTheSamePinAndKeepsExpiryAttemptsAndHash() {
        IssuedPin first = issuer.issue("ID1", PinType.NUMERIC, 6, "x", ApplicationConfiguration.DEFAULTS);
        PinVerifier verifier = new PinVerifier(hasher);
        PinState afterWrongTry = verifier.verify(first.state(), "wrong", clock.instant()).state();
        clock.advance(Duration.ofMinutes(5));

        IssuedPin again = issuer.again(afterWrongTry, first.pin());

        assertThat(again.pin()).isEqualTo(first.pin());
        assertThat(again.state()).isSameAs(afterWrongTry);
        assertThat(again.state().expiresAt()).isEqualTo(first.state().expiresAt());
        assertThat(verifier.verify(again.state(), first.pin(), clock.instant()).result().verified())
                .as("the first message's PIN still works").isTrue();
    }

    @Test
    void aResendRefusesAPinThatIsNotTheIssuedOne() {
        IssuedPin first = issuer.issue("ID1", PinType.NUMERIC, 6, "x", ApplicationConfiguration.DEFAULTS);
        String other = first.pin().equals("000000") ? "000001" : "000000";

        assertThatThrownBy(() -> issuer.again(first.state(), other)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining(other).hasMessageNotContaining(first.pin());
    }

    @Test
    void anExpiredOrVerifiedPinCannotBeResent() {
        IssuedPin first = issuer.issue("ID1", PinType.NUMERIC, 6, "x", ApplicationConfiguration.DEFAULTS);
        PinState verified = new PinVerifier(hasher).verify(first.state(), first.pin(), clock.instant()).state();

        assertThatThrownBy(() -> issuer.again(verified, first.pin())).isInstanceOf(IllegalStateException.class);
        clock.advance(Duration.ofMinutes(15));
        assertThatThrownBy(() -> issuer.again(first.state(), first.pin())).isInstanceOf(IllegalStateException.class);
    }
}
