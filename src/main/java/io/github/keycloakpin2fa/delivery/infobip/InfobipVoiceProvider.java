package io.github.keycloakpin2fa.delivery.infobip;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.keycloakpin2fa.delivery.DeliveryResult;
import io.github.keycloakpin2fa.delivery.OutgoingMessage;
import io.github.keycloakpin2fa.delivery.OutgoingMessage.VoiceSettings;
import io.github.keycloakpin2fa.delivery.PinDeliveryProvider;
import io.github.keycloakpin2fa.delivery.SecretResolver;
import io.github.keycloakpin2fa.delivery.Speech;
import io.github.keycloakpin2fa.delivery.http.HttpCall;
import io.github.keycloakpin2fa.delivery.http.RetryingSender;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Voice calls through Infobip's text-to-speech API: {@code POST /tts/3/advanced}, the one that
 * takes the template's {@code language}, {@code voice.name}, {@code speechRate} and
 * {@code repeatDtmf}. The PIN is written with spaces between its characters, so that it is read
 * one character at a time.
 */
final class InfobipVoiceProvider implements PinDeliveryProvider {

    private final InfobipSettings settings;
    private final SecretResolver secrets;
    private final RetryingSender sender;

    InfobipVoiceProvider(InfobipSettings settings, SecretResolver secrets, RetryingSender sender) {
        this.settings = settings;
        this.secrets = secrets;
        this.sender = sender;
    }

    @Override
    public DeliveryResult deliver(OutgoingMessage message) {
        if (!settings.configured()) {
            return DeliveryResult.rejected("not configured: set base-url and api-key of " + InfobipVoiceProviderFactory.ID);
        }
        Optional<String> key = secrets.resolve(settings.apiKey());
        if (key.isEmpty()) {
            return DeliveryResult.rejected("api-key of " + InfobipVoiceProviderFactory.ID + " not found in the vault");
        }
        ObjectNode body = InfobipAnswers.JSON.createObjectNode();
        ObjectNode call = body.putArray("messages").addObject();
        call.putArray("destinations").addObject().put("to", message.to());
        String from = message.senderOr(settings.from());
        if (from != null) {
            call.put("from", from);
        }
        call.put("text", Speech.spelledOut(message, " "));
        VoiceSettings voice = message.voice();
        if (voice != null) {
            if (voice.language() != null) {
                call.put("language", ttsLanguage(voice.language()));
            }
            if (voice.voiceName() != null) {
                call.putObject("voice").put("name", voice.voiceName());
            }
            if (voice.speechRate() > 0) {
                call.put("speechRate", voice.speechRate());
            }
            if (voice.repeatDtmf() != null) {
                call.put("repeatDtmf", voice.repeatDtmf());
            }
        }
        HttpCall request = HttpCall.of("POST", settings.uri("/tts/3/advanced"),
                Map.of("Authorization", "App " + key.get(), "Accept", "application/json"),
                "application/json", body.toString());
        return sender.send(request, InfobipAnswers::sendResult);
    }

    /** 2FA templates write {@code pt_br}, the voice API {@code pt-br}. */
    static String ttsLanguage(String templateLanguage) {
        return templateLanguage.replace('_', '-').toLowerCase(Locale.ROOT);
    }
}
