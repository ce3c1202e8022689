package io.github.keycloakpin2fa.api;

import io.github.keycloakpin2fa.engine.validation.ValidationErrors;
import io.github.keycloakpin2fa.service.Refusal;
import io.github.keycloakpin2fa.service.Refusal.AccountLocked;
import io.github.keycloakpin2fa.service.Refusal.ApplicationDisabled;
import io.github.keycloakpin2fa.service.Refusal.ApplicationNotFound;
import io.github.keycloakpin2fa.service.Refusal.DestinationBlocked;
import io.github.keycloakpin2fa.service.Refusal.InvalidInput;
import io.github.keycloakpin2fa.service.Refusal.PinGone;
import io.github.keycloakpin2fa.service.Refusal.PinNotFound;
import io.github.keycloakpin2fa.service.Refusal.RateLimited;
import io.github.keycloakpin2fa.service.Refusal.ServerMisconfigured;
import io.github.keycloakpin2fa.service.Refusal.TemplateNotFound;

/**
 * The API's one mapping of the PIN service's refusals onto Infobip's answers: status,
 * {@code messageId}, text and the fields at fault. A new refusal does not compile until it has
 * its answer here.
 */
final class ApiRefusals implements Refusal.Mapping<ApiException> {

    static final ApiRefusals INSTANCE = new ApiRefusals();
    static final String PIN_GONE = "has expired or has no attempts left: send a new PIN";

    private ApiRefusals() {
    }

    static ApiException answer(Refusal refusal) {
        return INSTANCE.map(refusal);
    }

    @Override
    public ApiException invalidInput(InvalidInput refusal) {
        return ApiException.invalid(refusal.errors());
    }

    @Override
    public ApiException applicationNotFound(ApplicationNotFound refusal) {
        return new ApiException(ApiError.APPLICATION_NOT_FOUND, "Application with given id cannot be found.");
    }

    @Override
    public ApiException templateNotFound(TemplateNotFound refusal) {
        return new ApiException(ApiError.NOT_FOUND, "Message template with given id cannot be found.");
    }

    @Override
    public ApiException pinNotFound(PinNotFound refusal) {
        return new ApiException(ApiError.NOT_FOUND, "PIN with given id cannot be found.");
    }

    @Override
    public ApiException applicationDisabled(ApplicationDisabled refusal) {
        return new ApiException(ApiError.BAD_REQUEST, "Application " + refusal.applicationId() + " is disabled: it sends no PINs.");
    }

    /** Infobip has no answer of its own for this: a 400 naming {@code pinId}. */
    @Override
    public ApiException pinGone(PinGone refusal) {
        return ApiException.invalid(ValidationErrors.of("pinId", switch (refusal.why()) {
            case EXPIRED_OR_USED_UP -> PIN_GONE;
            case VERIFIED -> "was already verified: there is nothing to resend";
            case NOT_RECOVERABLE -> "can no longer be resent: send a new PIN";
        }));
    }

    @Override
    public ApiException rateLimited(RateLimited refusal) {
        return new ApiException(ApiError.TOO_MANY_REQUESTS, "Too many requests.", null, refusal.retryAfter());
    }

    /** A 400 naming {@code to}: waiting does not help. */
    @Override
    public ApiException destinationBlocked(DestinationBlocked refusal) {
        return ApiException.invalid(ValidationErrors.of("to", refusal.reason().text()));
    }

    /** The API's sends are for no user; should one be, the answer names no account either. */
    @Override
    public ApiException accountLocked(AccountLocked refusal) {
        return new ApiException(ApiError.FORBIDDEN, "No PIN can be sent for this request.");
    }

    @Override
    public ApiException serverMisconfigured(ServerMisconfigured refusal) {
        return new ApiException(ApiError.GENERAL_ERROR, refusal.problem());
    }
}
