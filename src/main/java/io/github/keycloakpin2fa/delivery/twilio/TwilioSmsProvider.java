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
 * SMS through Twilio's Messages resource: {@code POST /2010-04-01/Accounts/{AccountSid}/Messages.json}
 * with {@code To} (E.164 with {@code +}), {@code From} and/or {@code MessagingServiceSid}, and
 * {@code Body}. The sender: the send request's {@code from} when Twilio can use it (a number or an
 * alphanumeric sender id), else the configured {@code from}, else the template's sender.
 */
final class TwilioSmsProvider implements PinDeliveryProvider {

    private final TwilioSettings settings;
    private final SecretResolver secrets;
    private final RetryingSender sender;

    TwilioSmsProvider(TwilioSettings settings, SecretResolver secrets, RetryingSender sender) {
        this.settings = settings;
        this.secrets = secrets;
        this.sender = sender;
    }

    @Override
    public DeliveryResult deliver(OutgoingMessage message) {
        if (!settings.configured()) {
            return DeliveryResult.rejected("not configured: set account-sid and auth-token of " + TwilioSmsProviderFactory.ID);
        }
        Optional<String> token = secrets.resolve(settings.authToken());
        if (token.isEmpty()) {
            return DeliveryResult.rejected("auth-token of " + TwilioSmsProviderFactory.ID + " not found in the vault");
        }
        Map<String, String> form = new LinkedHashMap<>();
        form.put("To", "+" + message.to());
        // The request's from wins (Twilio takes it with or without a Messaging Service); then the
        // configured sender, then the template's (written for any vendor, so it comes last).
        String requested = usable(message.requestedSender());
        if (settings.messagingServiceSid() != null) {
            form.put("MessagingServiceSid", settings.messagingServiceSid());
            if (requested != null) {
                form.put("From", requested);
            }
        } else {
            String from = requested != null ? requested
                    : settings.from() != null ? settings.from() : usable(message.senderOr(null));
            if (from == null) {
                return DeliveryResult.rejected("no sender: set from or messaging-service-sid of " + TwilioSmsProviderFactory.ID);
            }
            form.put("From", from);
        }
        form.put("Body", message.text());
        HttpCall call = HttpCall.of("POST", settings.resource("Messages"),
                Map.of("Authorization", TwilioAnswers.basic(settings.username(), token.get()), "Accept", "application/json"),
                "application/x-www-form-urlencoded", TwilioAnswers.form(form));
        return sender.send(call, TwilioAnswers::created);
    }

    /**
     * A sender Twilio takes for SMS: a phone number (E.164, the {@code +} added when missing), or
     * an alphanumeric sender id (1 to 11 letters, digits and spaces, at least one letter); else null.
     */
    static String usable(String sender) {
        if (sender == null || sender.isBlank()) {
            return null;
        }
        String s = sender.trim();
        if (s.matches("\\+?[0-9]{6,15}")) {
            return s.startsWith("+") ? s : "+" + s;
        }
        return s.matches("[A-Za-z0-9 ]{1,11}") && s.chars().anyMatch(Character::isLetter) ? s : null;
    }
}
