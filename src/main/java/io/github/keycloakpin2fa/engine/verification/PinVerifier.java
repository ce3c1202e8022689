package io.github.keycloakpin2fa.engine.verification;

import io.github.keycloakpin2fa.engine.pin.PinHasher;
import java.time.Instant;
import java.util.Objects;

/**
 * Verifies a candidate against a PIN's state. The rules, in the order they apply:
 * <ol>
 *   <li>From {@code expiresAt} on, the answer is {@link PinError#TTL_EXPIRED}; nothing is spent.</li>
 *   <li>A consumed PIN (verified once while {@code allowMultiplePinVerifications} is false) answers
 *       {@link PinError#NO_MORE_PIN_ATTEMPTS} with 0 attempts remaining, even for the right PIN.</li>
 *   <li>With no attempts remaining the answer is {@link PinError#NO_MORE_PIN_ATTEMPTS}.</li>
 *   <li>The right PIN (compared under the PIN type's case rule) is verified and spends no attempt;
 *       {@code verifiedAt} keeps the first success. If {@code allowMultiplePinVerifications} is false
 *       the PIN becomes consumed and answers 0 attempts remaining (as Infobip's example
 *       {@code verified: true, attemptsRemaining: 0} shows); if true it may be verified again while
 *       it lives.</li>
 *   <li>A wrong PIN spends one attempt and answers {@link PinError#WRONG_PIN}: the last wrong try
 *       answers {@code WRONG_PIN} with 0 remaining, the next one {@code NO_MORE_PIN_ATTEMPTS}.</li>
 *   <li>A null or blank candidate is a wrong PIN and spends an attempt (the API layer rejects a
 *       missing {@code pin} with 400 before it gets here).</li>
 * </ol>
 *
 * <p>The verifier is pure: it returns the next state and the caller stores it. Two verifications of
 * one PIN running at once must not both spend the same attempt, so storage must replace the state
 * only if it is still the state that was read (compare-and-set) and otherwise verify again. The
 * {@code verifyPinLimit} is checked by the caller before verifying; a refused request spends nothing.
 */
public final class PinVerifier {

    private final PinHasher hasher;

    /** A verifier comparing with {@code hasher}, which must hold the secret the PINs were hashed with. */
    public PinVerifier(PinHasher hasher) {
        this.hasher = Objects.requireNonNull(hasher, "hasher");
    }

    /**
     * Verifies {@code candidate} at {@code now}.
     *
     * @param state the PIN's current state
     * @param candidate what the user entered, may be null
     * @param now the current time, from the server's clock
     */
    public VerificationOutcome verify(PinState state, String candidate, Instant now) {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(now, "now");
        if (state.isExpired(now)) {
            return unchanged(state, PinError.TTL_EXPIRED, state.attemptsRemaining());
        }
        if (state.consumed() || state.attemptsRemaining() == 0) {
            return unchanged(state, PinError.NO_MORE_PIN_ATTEMPTS, 0);
        }
        boolean right = candidate != null && !candidate.isBlank()
                && hasher.matches(state.pinId(), candidate, state.pinType(), state.pinHash());
        if (right) {
            PinState next = state.afterSuccess(now);
            return new VerificationOutcome(next, VerificationResult.success(next.attemptsRemaining()));
        }
        PinState next = state.afterWrongAttempt();
        return new VerificationOutcome(next, VerificationResult.failure(PinError.WRONG_PIN, next.attemptsRemaining()));
    }

    private static VerificationOutcome unchanged(PinState state, PinError error, int attemptsRemaining) {
        return new VerificationOutcome(state, VerificationResult.failure(error, attemptsRemaining));
    }
}
