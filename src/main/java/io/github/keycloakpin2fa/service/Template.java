package io.github.keycloakpin2fa.service;

import io.github.keycloakpin2fa.delivery.Channel;
import io.github.keycloakpin2fa.delivery.OutgoingMessage.VoiceSettings;
import io.github.keycloakpin2fa.engine.template.EmailTemplate;
import io.github.keycloakpin2fa.engine.template.MessageRenderer;
import io.github.keycloakpin2fa.engine.template.MessageTemplate;
import io.github.keycloakpin2fa.engine.template.PinType;
import io.github.keycloakpin2fa.engine.validation.ValidationException;
import io.github.keycloakpin2fa.storage.realm.StoredTemplate;
import java.util.Map;

/**
 * A stored template as one channel uses it: the PIN's shape, the text and the sender, the voice
 * settings (voice), or the {@code emailTemplateId} that chooses the email's content (email).
 */
record Template(PinType pinType, int length, String text, String senderId, VoiceSettings voice, Long emailTemplateId) {

    /**
     * The plain email text for providers that do not render the email theme (dev, webhook); the
     * {@code email} provider renders the content the template's {@code emailTemplateId} chooses.
     */
    static final String EMAIL_TEXT = "Your verification PIN is " + MessageTemplate.PIN_PLACEHOLDER;

    static Template of(StoredTemplate stored, Channel channel) {
        if (stored instanceof StoredTemplate.Email email) {
            if (channel != Channel.EMAIL) {
                throw RefusedException.invalid("messageId", "is an email template: send it with /pin/email");
            }
            EmailTemplate t = email.template();
            return new Template(t.pinType(), t.pinLength(), EMAIL_TEXT, t.from(), null, t.emailTemplateId());
        }
        MessageTemplate t = ((StoredTemplate.Message) stored).template();
        if (channel == Channel.EMAIL) {
            throw RefusedException.invalid("messageId", "is an SMS and voice template, not an email template");
        }
        VoiceSettings voice = channel != Channel.VOICE ? null
                : new VoiceSettings(t.language() == null ? "en" : t.language().code(), t.voiceName(), t.speechRate(), t.repeatDTMF());
        return new Template(t.pinType(), t.pinLength(), t.messageText(), t.senderId(), voice, null);
    }

    String render(String pin, Map<String, String> placeholders) {
        try {
            return MessageRenderer.render(text, pin, placeholders == null ? Map.of() : placeholders);
        } catch (ValidationException e) {
            throw RefusedException.invalid(e);
        }
    }
}
