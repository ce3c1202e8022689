package io.github.keycloakpin2fa.engine.template;

import java.util.Objects;

/**
 * A validated SMS or voice message template: how the PIN looks and the text that carries it.
 *
 * @param pinType the characters of the PIN
 * @param pinLength {@value PinLength#MIN} to {@value PinLength#MAX}
 * @param messageText the text, containing {@value #PIN_PLACEHOLDER} at least once
 * @param senderId the sender shown to the user, or null for the gateway's default
 * @param language the language, or null
 * @param voiceName the voice for voice messages, or null
 * @param repeatDTMF the keys that replay a voice message (such as {@code 1#}), or null
 * @param speechRate the voice speed, 0.5 to 2, 1 being normal
 * @param regional India's DLT registration, or null
 */
public record MessageTemplate(
        PinType pinType,
        int pinLength,
        String messageText,
        String senderId,
        Language language,
        String voiceName,
        String repeatDTMF,
        double speechRate,
        IndiaDlt regional) {

    /** Where the PIN goes in a message text. */
    public static final String PIN_PLACEHOLDER = "{{pin}}";
    /** The speech rate when a template gives none. */
    public static final double DEFAULT_SPEECH_RATE = 1.0;

    /** Checks the invariants {@link MessageTemplateValidator} establishes. */
    public MessageTemplate {
        Objects.requireNonNull(pinType, "pinType");
        Objects.requireNonNull(messageText, "messageText");
        PinLength.require(pinLength);
        if (!messageText.contains(PIN_PLACEHOLDER)) {
            throw new IllegalArgumentException("messageText must contain " + PIN_PLACEHOLDER);
        }
    }

    /** The placeholder that the PIN replaces, {@value #PIN_PLACEHOLDER}, as Infobip's responses show it. */
    public String pinPlaceholder() {
        return PIN_PLACEHOLDER;
    }
}
