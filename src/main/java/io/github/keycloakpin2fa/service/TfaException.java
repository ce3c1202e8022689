package io.github.keycloakpin2fa.service;

import io.github.keycloakpin2fa.engine.guard.SendRefusal;
import io.github.keycloakpin2fa.engine.validation.ValidationErrors;
import io.github.keycloakpin2fa.engine.validation.ValidationException;
import java.time.Duration;

/**
 * A request the PIN service refuses, with a text fit to show the caller (never a PIN or secret).
 * The API turns it into Infobip's error envelope; the login flow into a translated message.
 */
public final class TfaException extends RuntimeException {

    private final TfaError error;
    private final ValidationErrors validationErrors;
    private final Duration retryAfter;
    private final SendRefusal refusal;

    public TfaException(TfaError error, String text) {
        this(error, text, null, null, null);
    }

    private TfaException(TfaError error, String text, ValidationErrors validationErrors, Duration retryAfter) {
        this(error, text, validationErrors, retryAfter, null);
    }

    private TfaException(TfaError error, String text, ValidationErrors validationErrors, Duration retryAfter,
            SendRefusal refusal) {
        super(text, null, false, false);
        this.error = error;
        this.validationErrors = validationErrors;
        this.retryAfter = retryAfter;
        this.refusal = refusal;
    }

    /**
     * The send guard refused: a spent budget is "too many requests" with its wait, a blocked
     * destination a bad request naming {@code to}.
     */
    public static TfaException refused(SendRefusal refusal) {
        if (refusal instanceof SendRefusal.Limited limited) {
            return new TfaException(TfaError.TOO_MANY_REQUESTS, "Too many requests.", null, limited.retryAfter(), refusal);
        }
        ValidationErrors errors = ValidationErrors.of("to", ((SendRefusal.Blocked) refusal).reason().text());
        return new TfaException(TfaError.BAD_REQUEST, errors.text(), errors, null, refusal);
    }

    /** The send guard's refusal behind this exception, or null. */
    public SendRefusal refusal() {
        return refusal;
    }

    public static TfaException invalid(ValidationException e) {
        return new TfaException(TfaError.BAD_REQUEST, e.errors().text(), e.errors(), null);
    }

    public static TfaException invalid(String field, String message) {
        return invalid(ValidationException.of(field, message));
    }

    public static TfaException tooManyRequests(Duration retryAfter) {
        return new TfaException(TfaError.TOO_MANY_REQUESTS, "Too many requests.", null, retryAfter);
    }

    public static TfaException applicationNotFound() {
        return new TfaException(TfaError.APPLICATION_NOT_FOUND, "Application with given id cannot be found.");
    }

    public static TfaException messageNotFound() {
        return new TfaException(TfaError.NOT_FOUND, "Message template with given id cannot be found.");
    }

    public static TfaException pinNotFound() {
        return new TfaException(TfaError.NOT_FOUND, "PIN with given id cannot be found.");
    }

    public TfaError error() {
        return error;
    }

    /** Field errors of a {@link TfaError#BAD_REQUEST}, or null. */
    public ValidationErrors validationErrors() {
        return validationErrors;
    }

    /** How long to wait after {@link TfaError#TOO_MANY_REQUESTS}, or null. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
