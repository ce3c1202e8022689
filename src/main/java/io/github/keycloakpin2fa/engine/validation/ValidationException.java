package io.github.keycloakpin2fa.engine.validation;

/**
 * A request broke one or more validation rules. The API layer answers it with HTTP 400,
 * {@code messageId BAD_REQUEST}, {@link #getMessage()} as the text and {@link #errors()} as
 * {@code validationErrors}.
 */
public final class ValidationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final ValidationErrors errors;

    /** Carries a copy of {@code errors}; the message is {@link ValidationErrors#text()}. */
    public ValidationException(ValidationErrors errors) {
        super(errors.text());
        this.errors = errors.copy();
    }

    /** A failure of one field. */
    public static ValidationException of(String field, String message) {
        return new ValidationException(ValidationErrors.of(field, message));
    }

    /** A copy of the errors; changing it does not change this exception. */
    public ValidationErrors errors() {
        return errors.copy();
    }
}
