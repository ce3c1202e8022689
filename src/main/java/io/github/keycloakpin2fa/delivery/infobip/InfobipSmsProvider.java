package io.github.keycloakpin2fa.delivery.infobip;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.keycloakpin2fa.delivery.DeliveryResult;
import io.github.keycloakpin2fa.delivery.OutgoingMessage;
import io.github.keycloakpin2fa.delivery.PinDeliveryProvider;
import io.github.keycloakpin2fa.delivery.SecretResolver;
import io.github.keycloakpin2fa.delivery.http.HttpCall;
import io.github.keycloakpin2fa.delivery.http.RetryingSender;
import java.util.Map;
import java.util.Optional;

/**
 * SMS through Infobip's SMS API v3: {@code POST /sms/3/messages} with
 * {@code Authorization: App <key>} and one message of {@code sender}, {@code destinations[].to}
 * and {@code content.text}.
 */
final class InfobipSmsProvider implements PinDeliveryProvider {

    private final InfobipSettings settings;
    private final SecretResolver secrets;
    private final RetryingSender sender;

    InfobipSmsProvider(InfobipSettings settings, SecretResolver secrets, RetryingSender sender) {
        this.settings = settings;
        this.secrets = secrets;
        this.sender = sender;
    }

    @Override
    public DeliveryResult deliver(OutgoingMessage message) {
        if (!settings.configured()) {
            return DeliveryResult.rejected("not configured: set base-url and api-key of " + InfobipSmsProviderFactory.ID);
        }
        Optional<String> key = secrets.resolve(settings.apiKey());
        if (key.isEmpty()) {
            return DeliveryResult.rejected("api-key of " + InfobipSmsProviderFactory.ID + " not found in the vault");
        }
        ObjectNode body = InfobipAnswers.JSON.createObjectNode();
        ObjectNode sms = body.putArray("messages").addObject();
        String from = message.senderOr(settings.from());
        if (from != null) {
            sms.put("sender", from);
        }
        sms.putArray("destinations").addObject().put("to", message.to());
        sms.putObject("content").put("text", message.text());
        HttpCall call = HttpCall.of("POST", settings.uri("/sms/3/messages"),
                Map.of("Authorization", "App " + key.get(), "Accept", "application/json"),
                "application/json", body.toString());
        return sender.send(call, InfobipAnswers::sendResult);
    }
}
