package io.github.keycloakpin2fa.delivery.dev;

import io.github.keycloakpin2fa.delivery.DeliveryResult;
import io.github.keycloakpin2fa.delivery.OutgoingMessage;
import io.github.keycloakpin2fa.delivery.PinDeliveryProvider;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Development sender: writes each message, PIN included, to the server console instead of
 * sending it, so a newcomer can log in with a PIN at once. Its factory keeps it out of servers
 * running in production mode.
 */
final class DevPinSender implements PinDeliveryProvider {

    private static final Logger CONSOLE = Logger.getLogger("io.github.keycloakpin2fa.dev-outbox");

    @Override
    public DeliveryResult deliver(OutgoingMessage message) {
        // Deliberately shows the text: this sender exists only in development mode.
        CONSOLE.infof("%s to %s: %s", message.channel(), message.to(), message.text());
        return DeliveryResult.accepted("dev-" + UUID.randomUUID());
    }
}
