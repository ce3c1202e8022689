package io.github.keycloakpin2fa.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.github.keycloakpin2fa.engine.template.EmailTemplate;
import io.github.keycloakpin2fa.engine.template.MessageTemplate;
import io.github.keycloakpin2fa.storage.realm.StoredTemplate;

/** A message template (SMS and voice, or email) as the API shows it; absent fields are left out. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"messageId", "applicationId", "pinPlaceholder", "messageText", "pinLength", "pinType", "language",
    "senderId", "repeatDTMF", "speechRate", "voiceName", "regional", "emailTemplateId", "from", "landingPageId"})
public record MessageResponse(String messageId, String applicationId, String pinPlaceholder, String messageText,
        Integer pinLength, String pinType, String language, String senderId, String repeatDTMF, Double speechRate,
        String voiceName, MessageRequest.Regional regional, Long emailTemplateId, String from, String landingPageId) {

    public static MessageResponse of(StoredTemplate stored) {
        if (stored instanceof StoredTemplate.Email email) {
            EmailTemplate t = email.template();
            return new MessageResponse(stored.id(), stored.applicationId(), null, null, t.pinLength(), t.pinType().name(),
                    null, null, null, null, null, null, t.emailTemplateId(), t.from(), t.landingPageId());
        }
        MessageTemplate t = ((StoredTemplate.Message) stored).template();
        MessageRequest.Regional regional = t.regional() == null ? null : new MessageRequest.Regional(
                new MessageRequest.IndiaDlt(t.regional().contentTemplateId(), t.regional().principalEntityId(),
                        t.regional().teleMarketerId()));
        return new MessageResponse(stored.id(), stored.applicationId(), t.pinPlaceholder(), t.messageText(), t.pinLength(),
                t.pinType().name(), t.language() == null ? null : t.language().code(), t.senderId(), t.repeatDTMF(),
                t.speechRate(), t.voiceName(), regional, null, null, null);
    }
}
