package io.github.keycloakpin2fa.engine.verification;

import java.util.Objects;

/**
 * The result of one verification and the PIN's state after it, which the caller stores (only if
 * it is still the state it read: see {@link PinVerifier}).
 *
 * @param state the PIN after the verification; the same instance when nothing changed
 * @param result the answer to the request
 */
public record VerificationOutcome(PinState state, VerificationResult result) {

    /** Checks that both parts are present. */
    public VerificationOutcome {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(result, "result");
    }
}
