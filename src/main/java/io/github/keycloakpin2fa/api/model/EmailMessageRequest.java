package io.github.keycloakpin2fa.api.model;

import io.github.keycloakpin2fa.engine.template.EmailTemplateDraft;

/** Create or update an email message template. */
public record EmailMessageRequest(Long emailTemplateId, String from, String landingPageId, Integer pinLength,
        String pinType) {

    public EmailTemplateDraft toDraft() {
        return new EmailTemplateDraft(emailTemplateId, from, landingPageId, pinLength, pinType);
    }
}
