package io.github.keycloakpin2fa.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** The answer to an SMS or voice send or resend. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"pinId", "to", "ncStatus", "smsStatus", "callStatus"})
public record SendPinResponse(String pinId, String to, String ncStatus, String smsStatus, String callStatus) {
}
