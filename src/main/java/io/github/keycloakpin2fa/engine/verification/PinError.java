package io.github.keycloakpin2fa.engine.verification;

/** Why a verification did not succeed, with Infobip's names. */
public enum PinError {
    /** The candidate is not the PIN; one attempt was spent. */
    WRONG_PIN,
    /** The PIN's time to live is over. */
    TTL_EXPIRED,
    /** No attempt is left, or the PIN was already used up by a single-use verification. */
    NO_MORE_PIN_ATTEMPTS
}
