package io.github.keycloakpin2fa.delivery.twilio;

import io.github.keycloakpin2fa.delivery.DeliveryResult;
import io.github.keycloakpin2fa.delivery.OutgoingMessage;
import io.github.keycloakpin2fa.delivery.PinDeliveryProvider;
import io.github.keycloakpin2fa.delivery.SecretResolver;
import io.github.keycloakpin2fa.delivery.http.HttpCall;
import io.github.keycloakpin2fa.delivery.http.RetryingSender;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Voice calls through Twilio's Calls resource: {@code POST /2010-04-01/Accounts/{AccountSid}/Calls.json}
 * with {@code To}, {@code From} and inline {@code Twiml} (see {@link TwiML}), so no webhook has to
 * serve the call's instructions.
 */
final class TwilioVoiceProvider implements PinDeliveryProvider {

    private final TwilioSettings settings;
    private final SecretResolver secrets;
    private final RetryingSender sender;

    TwilioVoiceProvider(TwilioSettings settings, SecretResolver secrets, RetryingSender sender) {
        this.settings = settings;
        this.secrets = secrets;
        this.sender = sender;
    }

    @Override
    public DeliveryResult deliver(OutgoingMessage message) {
        if (!settings.configured()) {
            return DeliveryResult.rejected("not configured: set account-sid and auth-token of " + TwilioVoiceProviderFactory.ID);
        }
        // Twilio calls only from a phone number: the request's from wins when it is one.
        String requested = callerNumber(message.requestedSender());
        String from = requested != null ? requested
                : settings.from() != null ? settings.from() : callerNumber(message.senderOr(null));
        if (from == null) {
            return DeliveryResult.rejected("no caller number: set from of " + TwilioVoiceProviderFactory.ID);
        }
        String twiml = TwiML.pinCall(message, settings.voice(), settings.repeat());
        if (twiml.length() > TwiML.MAX_LENGTH) {
            return DeliveryResult.rejected("TwiML of " + twiml.length() + " characters is over Twilio's " + TwiML.MAX_LENGTH);
        }
        Optional<String> token = secrets.resolve(settings.authToken());
        if (token.isEmpty()) {
            return DeliveryResult.rejected("auth-token of " + TwilioVoiceProviderFactory.ID + " not found in the vault");
        }
        Map<String, String> form = new LinkedHashMap<>();
        form.put("To", "+" + message.to());
        form.put("From", from.startsWith("+") || !from.chars().allMatch(Character::isDigit) ? from : "+" + from);
        form.put("Twiml", twiml);
        HttpCall call = HttpCall.of("POST", settings.resource("Calls"),
                Map.of("Authorization", TwilioAnswers.basic(settings.username(), token.get()), "Accept", "application/json"),
                "application/x-www-form-urlencoded", TwilioAnswers.form(form));
        return sender.send(call, TwilioAnswers::created);
    }

    /** A phone number Twilio can call from (digits, optionally after {@code +}), or null. */
    static String callerNumber(String sender) {
        return sender != null && sender.trim().matches("\\+?[0-9]{6,15}") ? sender.trim() : null;
    }
}
