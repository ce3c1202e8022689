package io.github.keycloakpin2fa.engine.verification;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.keycloakpin2fa.engine.application.ApplicationConfiguration;
import io.github.keycloakpin2fa.engine.pin.PinHasher;
import io.github.keycloakpin2fa.engine.template.PinType;
import io.github.keycloakpin2fa.engine.time.Limit;
import io.github.keycloakpin2fa.engine.time.TimeLength;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class PinVerifierTest {

    private static final Instant SENT = Instant.parse("2026-01-01T12:00:00Z");
    private static final String PIN_ID = "9C817C6F8AF3D48F9FE553282AFA2B67";
    private static final String PIN = "1598";

    private final PinHasher hasher = new PinHasher(filled(32));
    private final PinVerifier verifier = new PinVerifier(hasher);

    private PinState sent(int attempts, boolean allowMultiple) {
        ApplicationConfiguration configuration = new ApplicationConfiguration(attempts, allowMultiple,
                TimeLength.parse("15m"), Limit.parse("1/3s"), Limit.parse("10000/1d"), Limit.parse("3/1d"));
        return PinState.issue(PIN_ID, hasher.hash(PIN_ID, PIN), PinType.NUMERIC, "41793026727", configuration, SENT);
    }

    private static Instant at(Duration afterSending) {
        return SENT.plus(afterSending);
    }

    @Test
    void theRightPinIsVerifiedWithoutSpendingAnAttempt() {
        VerificationOutcome outcome = verifier.verify(sent(10, true), PIN, at(Duration.ofMinutes(1)));

        assertThat(outcome.result()).isEqualTo(new VerificationResult(true, 10, null));
        assertThat(outcome.state().verified()).isTrue();
        assertThat(outcome.state().verifiedAt()).isEqualTo(at(Duration.ofMinutes(1)));
        assertThat(outcome.state().consumed()).isFalse();
    }

    @Test
    void aWrongPinSpendsOneAttempt() {
        VerificationOutcome outcome = verifier.verify(sent(10, true), "1599", at(Duration.ofMinutes(1)));

        assertThat(outcome.result()).isEqualTo(new VerificationResult(false, 9, PinError.WRONG_PIN));
        assertThat(outcome.state().attemptsRemaining()).isEqualTo(9);
        assertThat(outcome.state().verified()).isFalse();
    }

    @ParameterizedTest(name = "[{0}] is a wrong PIN")
    @NullSource
    @ValueSource(strings = {"", "   "})
    void aMissingCandidateIsAWrongPin(String candidate) {
        VerificationOutcome outcome = verifier.verify(sent(3, true), candidate, SENT);

        assertThat(outcome.result()).isEqualTo(new VerificationResult(false, 2, PinError.WRONG_PIN));
    }

    @Test
    void theLastWrongTryAnswersWrongPinAndTheNextNoMoreAttempts() {
        PinState state = sent(2, true);
        state = assertAnswer(state, "0000", false, 1, PinError.WRONG_PIN);
        state = assertAnswer(state, "0000", false, 0, PinError.WRONG_PIN);
        state = assertAnswer(state, "0000", false, 0, PinError.NO_MORE_PIN_ATTEMPTS);
        assertAnswer(state, PIN, false, 0, PinError.NO_MORE_PIN_ATTEMPTS);
    }

    @Test
    void withOneAttemptTheRightPinStillWorksAfterNoWrongTry() {
        assertAnswer(sent(1, true), PIN, true, 1, null);
    }

    @Test
    void theCaseRuleOfThePinTypeApplies() {
        PinState hex = new PinState(PIN_ID, hasher.hash(PIN_ID, "3FA9"), PinType.HEX, "41793026727", SENT,
                at(Duration.ofMinutes(15)), 3, true, false, null, false);

        assertThat(verifier.verify(hex, " 3fa9 ", SENT).result().verified()).isTrue();
    }

    @Nested
    class TimeToLive {

        @Test
        void thePinIsValidUntilJustBeforeItExpires() {
            assertThat(verifier.verify(sent(10, true), PIN, at(Duration.ofMinutes(15).minusNanos(1))).result().verified())
                    .isTrue();
        }

        @Test
        void atExpiryTheAnswerIsTtlExpiredAndNothingIsSpent() {
            PinState state = sent(10, true);
            VerificationOutcome outcome = verifier.verify(state, PIN, at(Duration.ofMinutes(15)));

            assertThat(outcome.result()).isEqualTo(new VerificationResult(false, 10, PinError.TTL_EXPIRED));
            assertThat(outcome.state()).isSameAs(state);
        }

        @Test
        void aWrongPinAfterExpiryIsAlsoTtlExpired() {
            assertThat(verifier.verify(sent(10, true), "0000", at(Duration.ofHours(1))).result().pinError())
                    .isEqualTo(PinError.TTL_EXPIRED);
        }

        @Test
        void expiryWinsOverExhaustedAttempts() {
            PinState exhausted = verifier.verify(sent(1, true), "0000", SENT).state();

            assertThat(verifier.verify(exhausted, PIN, at(Duration.ofMinutes(20))).result().pinError())
                    .isEqualTo(PinError.TTL_EXPIRED);
        }
    }

    @Nested
    class SingleUse {

        @Test
        void theFirstSuccessConsumesThePinAndAnswersZeroAttempts() {
            VerificationOutcome outcome = verifier.verify(sent(10, false), PIN, SENT);

            assertThat(outcome.result()).isEqualTo(new VerificationResult(true, 0, null));
            assertThat(outcome.state().consumed()).isTrue();
            assertThat(outcome.state().attemptsRemaining()).isZero();
        }

        @Test
        void aConsumedPinIsNeverVerifiedAgain() {
            PinState consumed = verifier.verify(sent(10, false), PIN, SENT).state();

            VerificationOutcome again = verifier.verify(consumed, PIN, at(Duration.ofMinutes(1)));

            assertThat(again.result()).isEqualTo(new VerificationResult(false, 0, PinError.NO_MORE_PIN_ATTEMPTS));
            assertThat(again.state()).isSameAs(consumed);
            assertThat(again.state().verifiedAt()).isEqualTo(SENT);
        }
    }

    @Nested
    class MultipleUse {

        @Test
        void aVerifiedPinMayBeVerifiedAgainWhileItLivesKeepingTheFirstTime() {
            PinState once = verifier.verify(sent(10, true), PIN, SENT).state();

            VerificationOutcome twice = verifier.verify(once, PIN, at(Duration.ofMinutes(5)));

            assertThat(twice.result()).isEqualTo(new VerificationResult(true, 10, null));
            assertThat(twice.state().verifiedAt()).isEqualTo(SENT);
        }

        @Test
        void wrongTriesAfterASuccessStillSpendAttemptsAndKeepTheVerification() {
            PinState once = verifier.verify(sent(2, true), PIN, SENT).state();

            VerificationOutcome wrong = verifier.verify(once, "0000", SENT);

            assertThat(wrong.result()).isEqualTo(new VerificationResult(false, 1, PinError.WRONG_PIN));
            assertThat(wrong.state().verified()).isTrue();
        }
    }

    private PinState assertAnswer(PinState state, String candidate, boolean verified, int remaining, PinError error) {
        VerificationOutcome outcome = verifier.verify(state, candidate, SENT);
        assertThat(outcome.result()).isEqualTo(new VerificationResult(verified, remaining, error));
        return outcome.state();
    }

    private static byte[] filled(int length) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) 7);
        return bytes;
    }
}
