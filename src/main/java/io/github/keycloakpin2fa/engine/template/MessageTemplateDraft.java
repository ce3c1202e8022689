package io.github.keycloakpin2fa.engine.template;

/**
 * A message template as a request body gives it: every field may be missing (null).
 * {@link MessageTemplateValidator} turns it into a {@link MessageTemplate}.
 */
public record MessageTemplateDraft(
        String pinType,
        Integer pinLength,
        String messageText,
        String senderId,
        String language,
        String voiceName,
        String repeatDTMF,
        Double speechRate,
        RegionalDraft regional) {

    /** The {@code regional} object of the request. */
    public record RegionalDraft(IndiaDltDraft indiaDlt) {
    }

    /** The {@code regional.indiaDlt} object of the request. */
    public record IndiaDltDraft(String principalEntityId, String contentTemplateId, String teleMarketerId) {
    }
}
