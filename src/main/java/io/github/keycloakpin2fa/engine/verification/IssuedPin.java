package io.github.keycloakpin2fa.engine.verification;

import java.util.Objects;

/**
 * A freshly generated PIN and the state to store for it. The PIN is handed to the sender and then
 * forgotten; it is not part of {@link #toString()}.
 *
 * @param pin the PIN to send
 * @param state the state to store
 */
public record IssuedPin(String pin, PinState state) {

    /** Checks that both parts are present. */
    public IssuedPin {
        Objects.requireNonNull(pin, "pin");
        Objects.requireNonNull(state, "state");
    }

    /** Shows the state, never the PIN. */
    @Override
    public String toString() {
        return "IssuedPin[pin=****, state=" + state + "]";
    }
}
