package io.github.keycloakpin2fa.delivery;

import java.util.Objects;

/**
 * One rendered message for a delivery provider. {@link #text()} and {@link #pin()} contain the
 * PIN: providers must never log them, put them in an exception message, a metric or an event.
 *
 * @param channel the channel this message travels on
 * @param to E.164 digits without {@code +} for SMS and voice, an address for email
 * @param from the sender id, or {@code null} for the provider's default
 * @param text the message, PIN included, as the template rendered it
 * @param voice voice settings for {@link Channel#VOICE}, otherwise {@code null}
 * @param pin the PIN alone, or {@code null}; for providers that have to treat it apart from the
 *     text: voice providers speak it character by character, the email provider puts it into the
 *     theme's template
 */
public record OutgoingMessage(Channel channel, String to, String from, String text, VoiceSettings voice, String pin) {

    public OutgoingMessage {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(text, "text");
    }

    /** A message without the PIN apart. */
    public OutgoingMessage(Channel channel, String to, String from, String text, VoiceSettings voice) {
        this(channel, to, from, text, voice, null);
    }

    /** Never shows the text or the PIN. */
    @Override
    public String toString() {
        return "OutgoingMessage[channel=" + channel + ", to=" + to + ", from=" + from + "]";
    }

    /**
     * How a voice call speaks the text.
     *
     * @param language one of Infobip's language codes (e.g. {@code en}, {@code pt_br}), or null
     * @param voiceName the vendor's voice, or null
     * @param speechRate 0.5 to 2, 1 being normal speed
     * @param repeatDtmf the keys that repeat the message (e.g. {@code 1#}), or null
     */
    public record VoiceSettings(String language, String voiceName, double speechRate, String repeatDtmf) {
    }
}
