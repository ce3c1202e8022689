package io.github.keycloakpin2fa.api.model;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** The answer to an email send or resend. */
@JsonPropertyOrder({"pinId", "to", "emailStatus"})
public record EmailSendResponse(String pinId, String to, EmailStatus emailStatus) {

    /** Infobip's email status: a name and a description. */
    public record EmailStatus(String name, String description) {
    }
}
