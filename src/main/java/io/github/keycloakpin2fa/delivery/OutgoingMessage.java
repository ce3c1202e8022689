package io.github.keycloakpin2fa.delivery;

import java.util.Map;
import java.util.Objects;

/**
 * One rendered message for a delivery provider. {@link #text()} and {@link #pin()} contain the
 * PIN: providers must never log them, put them in an exception message, a metric or an event.
 *
 * <p>Senders, Infobip's rule: the send request's {@code from} wins over the template's sender
 * ({@code senderId}, or an email template's {@code from}), and both over the provider's configured
 * sender ({@link #senderOr}). A provider whose configured sender must win over templates written
 * for another vendor (Twilio) still lets the request's {@code from} win ({@link #requestedSender}).
 *
 * @param channel the channel this message travels on
 * @param to E.164 digits without {@code +} for SMS and voice, an address for email
 * @param from the sender the send request names (Infobip's {@code from}), or {@code null}
 * @param templateSender the template's sender, or {@code null}
 * @param text the message, PIN included, as the template rendered it
 * @param voice voice settings for {@link Channel#VOICE}, otherwise {@code null}
 * @param pin the PIN alone, or {@code null}; for providers that have to treat it apart from the
 *     text: voice providers speak it character by character, the email provider puts it into the
 *     theme's template
 * @param email what chooses and fills an email's content, for {@link Channel#EMAIL}, otherwise {@code null}
 */
public record OutgoingMessage(Channel channel, String to, String from, String templateSender, String text,
        VoiceSettings voice, String pin, EmailSettings email) {

    public OutgoingMessage {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(text, "text");
    }

    /** A message without the PIN apart, whose only sender is {@code from}. */
    public OutgoingMessage(Channel channel, String to, String from, String text, VoiceSettings voice) {
        this(channel, to, from, null, text, voice, null, null);
    }

    /** A message whose only sender is {@code from}. */
    public OutgoingMessage(Channel channel, String to, String from, String text, VoiceSettings voice, String pin) {
        this(channel, to, from, null, text, voice, pin, null);
    }

    /** The request's sender, else the template's, else {@code configured} (Infobip's order). */
    public String senderOr(String configured) {
        return from != null ? from : templateSender != null ? templateSender : configured;
    }

    /** The request's sender, or null: for providers whose configured sender wins over the template's. */
    public String requestedSender() {
        return from;
    }

    /** Never shows the text or the PIN. */
    @Override
    public String toString() {
        return "OutgoingMessage[channel=" + channel + ", to=" + to + ", from=" + senderOr(null) + "]";
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

    /**
     * What an email's content comes from: the template's {@code emailTemplateId}, which chooses
     * the content (see the {@code email} provider), and the send request's placeholders, which fill
     * it as they fill an SMS.
     *
     * @param emailTemplateId the email template's {@code emailTemplateId}
     * @param placeholders the request's placeholders (names without braces), never {@code pin}
     */
    public record EmailSettings(long emailTemplateId, Map<String, String> placeholders) {

        public EmailSettings {
            placeholders = placeholders == null ? Map.of() : Map.copyOf(placeholders);
        }
    }
}
