package io.github.keycloakpin2fa.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** The answer to a verify; {@code pinError} only when not verified. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"pinId", "msisdn", "verified", "attemptsRemaining", "pinError"})
public record VerifyPinResponse(String pinId, String msisdn, boolean verified, int attemptsRemaining, String pinError) {
}
