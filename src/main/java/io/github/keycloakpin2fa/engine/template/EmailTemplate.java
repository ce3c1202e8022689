package io.github.keycloakpin2fa.engine.template;

import java.util.Objects;

/**
 * A validated email template: the email provider's template that carries the PIN, and how the PIN looks.
 *
 * @param emailTemplateId the provider's template id, positive
 * @param from the sender address, or null for the default
 * @param landingPageId the provider's landing page, or null
 * @param pinType the characters of the PIN, {@link PinType#NUMERIC} by default
 * @param pinLength {@value PinLength#MIN} to {@value PinLength#MAX}, {@value PinLength#DEFAULT} by default
 */
public record EmailTemplate(long emailTemplateId, String from, String landingPageId, PinType pinType, int pinLength) {

    /** Checks the invariants {@link EmailTemplateValidator} establishes. */
    public EmailTemplate {
        Objects.requireNonNull(pinType, "pinType");
        PinLength.require(pinLength);
        if (emailTemplateId < 1) {
            throw new IllegalArgumentException("emailTemplateId must be positive");
        }
    }
}
