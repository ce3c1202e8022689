package io.github.keycloakpin2fa.delivery.dev;

import io.github.keycloakpin2fa.delivery.DeliveryResult;
import io.github.keycloakpin2fa.delivery.OutgoingMessage;
import io.github.keycloakpin2fa.delivery.PinDeliveryProvider;
import io.github.keycloakpin2fa.storage.jpa.DevOutbox;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * Development sender: writes each message, PIN included, to the server console and to the
 * realm's dev outbox instead of sending it, so a newcomer can log in with a PIN at once. Its
 * factory keeps it out of servers running in production mode.
 */
final class DevPinSender implements PinDeliveryProvider {

    private static final Logger CONSOLE = Logger.getLogger("io.github.keycloakpin2fa.dev-sender");

    private final KeycloakSession session;
    private final boolean console;

    DevPinSender(KeycloakSession session, boolean console) {
        this.session = session;
        this.console = console;
    }

    @Override
    public DeliveryResult deliver(OutgoingMessage message) {
        // Deliberately shows the text: this sender exists only in development mode.
        if (console) {
            CONSOLE.infof("%s to %s: %s", message.channel(), message.to(), message.text());
        }
        RealmModel realm = session.getContext().getRealm();
        String id = realm == null ? null : new DevOutbox(session).add(realm.getId(), message);
        return DeliveryResult.accepted("dev-" + id);
    }
}
