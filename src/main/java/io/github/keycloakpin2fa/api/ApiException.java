package io.github.keycloakpin2fa.api;

import io.github.keycloakpin2fa.engine.validation.ValidationErrors;
import io.github.keycloakpin2fa.engine.validation.ValidationException;
import java.time.Duration;

/**
 * An error answer of the API in Infobip's terms: status, {@code messageId}, text (never a PIN or
 * secret), the fields at fault and, for 429, when to retry. Thrown by the API's own checks
 * (credentials, bodies, paths) and made by {@link ApiRefusals} from the PIN service's refusals;
 * {@link ApiResponses} writes it as Infobip's error envelope.
 */
public final class ApiException extends RuntimeException {

    private final ApiError error;
    private final ValidationErrors validationErrors;
    private final Duration retryAfter;

    ApiException(ApiError error, String text) {
        this(error, text, null, null);
    }

    ApiException(ApiError error, String text, ValidationErrors validationErrors, Duration retryAfter) {
        super(text, null, false, false);
        this.error = error;
        this.validationErrors = validationErrors;
        this.retryAfter = retryAfter;
    }

    /** A 400 naming the fields at fault. */
    static ApiException invalid(ValidationErrors errors) {
        return new ApiException(ApiError.BAD_REQUEST, errors.text(), errors, null);
    }

    static ApiException invalid(ValidationException e) {
        return invalid(e.errors());
    }

    static ApiException invalid(String field, String message) {
        return invalid(ValidationErrors.of(field, message));
    }

    /** The same answer for every failed authentication, so nothing tells which part was wrong. */
    public static ApiException unauthorized(String text) {
        return new ApiException(ApiError.UNAUTHORIZED, text);
    }

    public static ApiException forbidden(String text) {
        return new ApiException(ApiError.FORBIDDEN, text);
    }

    ApiError error() {
        return error;
    }

    /** Field errors of a {@link ApiError#BAD_REQUEST}, or null. */
    ValidationErrors validationErrors() {
        return validationErrors;
    }

    /** How long to wait after {@link ApiError#TOO_MANY_REQUESTS}, or null. */
    Duration retryAfter() {
        return retryAfter;
    }
}
