package io.github.keycloakpin2fa.engine.template;

/**
 * An email template as a request body gives it: every field may be missing (null).
 * {@link EmailTemplateValidator} turns it into an {@link EmailTemplate}.
 */
public record EmailTemplateDraft(Long emailTemplateId, String from, String landingPageId, Integer pinLength,
        String pinType) {
}
