package io.github.keycloakpin2fa.delivery.twilio;

import io.github.keycloakpin2fa.delivery.OutgoingMessage;
import io.github.keycloakpin2fa.delivery.OutgoingMessage.VoiceSettings;
import io.github.keycloakpin2fa.delivery.Speech;
import java.util.List;
import java.util.Map;

/**
 * The TwiML of a PIN call: the template's text in its language, the PIN one {@code <Say>} per
 * character with a one-second {@code <Pause>} after each, the whole repeated. The template's
 * speech rate applies through SSML {@code <prosody>}, which Twilio honours for Amazon Polly and
 * Google voices only. Twilio takes at most 4000 characters of TwiML in a request.
 */
final class TwiML {

    static final int MAX_LENGTH = 4000;

    /** Infobip's 2FA language codes as Twilio's {@code <Say language>} locales. */
    private static final Map<String, String> LOCALES = Map.ofEntries(
            Map.entry("en", "en-US"), Map.entry("es", "es-ES"), Map.entry("ca", "ca-ES"), Map.entry("da", "da-DK"),
            Map.entry("nl", "nl-NL"), Map.entry("fr", "fr-FR"), Map.entry("de", "de-DE"), Map.entry("it", "it-IT"),
            Map.entry("ja", "ja-JP"), Map.entry("ko", "ko-KR"), Map.entry("no", "nb-NO"), Map.entry("pl", "pl-PL"),
            Map.entry("ru", "ru-RU"), Map.entry("sv", "sv-SE"), Map.entry("fi", "fi-FI"), Map.entry("hr", "hr-HR"),
            Map.entry("sl", "sl-SI"), Map.entry("ro", "ro-RO"), Map.entry("pt_pt", "pt-PT"), Map.entry("pt_br", "pt-BR"),
            Map.entry("zh_cn", "zh-CN"), Map.entry("zh_tw", "zh-TW"));

    private TwiML() {
    }

    static String pinCall(OutgoingMessage message, String voice, int repeat) {
        VoiceSettings settings = message.voice();
        String language = LOCALES.getOrDefault(settings == null || settings.language() == null ? "en" : settings.language(), "en-US");
        String open = "<Say language=\"" + language + "\"" + (voice == null ? "" : " voice=\"" + escape(voice) + "\"") + ">";
        boolean prosody = settings != null && settings.speechRate() > 0 && settings.speechRate() != 1.0 && voice != null
                && (voice.startsWith("Polly.") || voice.startsWith("Google."));
        String rate = prosody ? "<prosody rate=\"" + Math.round(settings.speechRate() * 100) + "%\">" : "";
        String rateEnd = prosody ? "</prosody>" : "";

        StringBuilder twiml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response>");
        List<String> parts = Speech.split(message);
        for (int round = 0; round < Math.max(1, repeat); round++) {
            if (round > 0) {
                twiml.append("<Pause length=\"1\"/>");
            }
            for (int i = 0; i < parts.size(); i++) {
                String part = parts.get(i);
                if (i % 2 == 1) {
                    for (String c : Speech.characters(part)) {
                        twiml.append(open).append(rate).append(escape(c)).append(rateEnd).append("</Say><Pause length=\"1\"/>");
                    }
                } else if (!part.isBlank()) {
                    twiml.append(open).append(rate).append(escape(part.strip())).append(rateEnd).append("</Say>");
                }
            }
        }
        return twiml.append("</Response>").toString();
    }

    static String escape(String text) {
        StringBuilder b = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&apos;");
                default -> b.append(c < 0x20 && c != '\t' && c != '\n' && c != '\r' ? ' ' : c);
            }
        }
        return b.toString();
    }
}
