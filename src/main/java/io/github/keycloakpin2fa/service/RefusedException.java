package io.github.keycloakpin2fa.service;

import io.github.keycloakpin2fa.engine.validation.ValidationException;
import java.util.Objects;

/**
 * Carries a {@link Refusal} out of the PIN service. Its message describes the refusal for logs
 * (never a PIN or a secret); what a caller is shown is the front door's mapping of the refusal.
 */
public final class RefusedException extends RuntimeException {

    private final Refusal refusal;

    public RefusedException(Refusal refusal) {
        super(Objects.requireNonNull(refusal, "refusal").toString(), null, false, false);
        this.refusal = refusal;
    }

    public Refusal refusal() {
        return refusal;
    }

    /** An {@link Refusal.InvalidInput} naming one field. */
    public static RefusedException invalid(String field, String message) {
        return new RefusedException(Refusal.InvalidInput.of(field, message));
    }

    /** An {@link Refusal.InvalidInput} from the engine's validation. */
    public static RefusedException invalid(ValidationException e) {
        return new RefusedException(new Refusal.InvalidInput(e.errors()));
    }
}
