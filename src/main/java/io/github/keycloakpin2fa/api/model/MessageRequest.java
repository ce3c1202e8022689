package io.github.keycloakpin2fa.api.model;

import io.github.keycloakpin2fa.engine.template.MessageTemplateDraft;

/** Create or update an SMS and voice message template. */
public record MessageRequest(String pinType, String messageText, Integer pinLength, String senderId, String language,
        String voiceName, String repeatDTMF, Double speechRate, Regional regional) {

    /** {@code regional.indiaDlt}. */
    public record Regional(IndiaDlt indiaDlt) {
    }

    /** India's DLT registration ids. */
    public record IndiaDlt(String contentTemplateId, String principalEntityId, String teleMarketerId) {
    }

    public MessageTemplateDraft toDraft() {
        MessageTemplateDraft.RegionalDraft r = regional == null ? null : new MessageTemplateDraft.RegionalDraft(
                regional.indiaDlt() == null ? null : new MessageTemplateDraft.IndiaDltDraft(
                        regional.indiaDlt().principalEntityId(), regional.indiaDlt().contentTemplateId(),
                        regional.indiaDlt().teleMarketerId()));
        return new MessageTemplateDraft(pinType, pinLength, messageText, senderId, language, voiceName, repeatDTMF,
                speechRate, r);
    }
}
