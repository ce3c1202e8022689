package io.github.keycloakpin2fa.engine.verification;

import io.github.keycloakpin2fa.engine.application.ApplicationConfiguration;
import io.github.keycloakpin2fa.engine.pin.PinGenerator;
import io.github.keycloakpin2fa.engine.pin.PinHasher;
import io.github.keycloakpin2fa.engine.template.PinType;
import java.time.Clock;
import java.util.Objects;

/**
 * Issues a new PIN: generates it, hashes it bound to its id, and builds its first state with the
 * time from the server's {@link Clock}. The send limits are the caller's to check before issuing.
 */
public final class PinIssuer {

    private final PinGenerator generator;
    private final PinHasher hasher;
    private final Clock clock;

    /** An issuer with these parts; the clock is the server's (Keycloak's time in production). */
    public PinIssuer(PinGenerator generator, PinHasher hasher, Clock clock) {
        this.generator = Objects.requireNonNull(generator, "generator");
        this.hasher = Objects.requireNonNull(hasher, "hasher");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * A new PIN for {@code destination}.
     *
     * @param pinId the id the PIN will be stored under (see {@link io.github.keycloakpin2fa.engine.pin.PinIds})
     * @param type the PIN's alphabet
     * @param length the PIN's length
     * @param destination the phone number or email address
     * @param configuration the application's rules (attempts, time to live, single or multiple use)
     */
    public IssuedPin issue(String pinId, PinType type, int length, String destination,
            ApplicationConfiguration configuration) {
        String pin = generator.generate(type, length);
        PinState state = PinState.issue(pinId, hasher.hash(pinId, pin), type, destination, configuration,
                clock.instant());
        return new IssuedPin(pin, state);
    }

    /**
     * The PIN already issued, for a resend: a resend sends the same PIN again (Infobip's rule), so
     * a message that arrives late still carries a PIN that works. The state is returned unchanged:
     * the time to live, the attempts left and the verification stay as they were. The PIN comes
     * back from where the caller kept it for resends; it is sent only if it is still the PIN the
     * state's hash was made from.
     *
     * @param state the PIN's current state
     * @param recoveredPin the PIN as issued
     * @throws IllegalStateException when the PIN can no longer be verified ({@link PinState#canResend})
     * @throws IllegalArgumentException when {@code recoveredPin} is not the PIN of {@code state}
     */
    public IssuedPin again(PinState state, String recoveredPin) {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(recoveredPin, "recoveredPin");
        if (!state.canResend(clock.instant())) {
            throw new IllegalStateException("PIN " + state.pinId() + " can no longer be resent");
        }
        if (!hasher.matches(state.pinId(), recoveredPin, state.pinType(), state.pinHash())) {
            throw new IllegalArgumentException("The recovered PIN is not the PIN of " + state.pinId());
        }
        return new IssuedPin(recoveredPin, state);
    }
}
