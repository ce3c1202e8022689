package io.github.keycloakpin2fa.delivery.email;

import io.github.keycloakpin2fa.delivery.Channel;
import io.github.keycloakpin2fa.delivery.PinDeliveryProvider;
import io.github.keycloakpin2fa.delivery.PinDeliveryProviderFactory;
import java.util.Set;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/** The {@code email} delivery provider: the realm's own SMTP server and email theme, no options. */
public final class EmailPinSenderFactory implements PinDeliveryProviderFactory {

    public static final String ID = "email";

    @Override
    public PinDeliveryProvider create(KeycloakSession session) {
        return new EmailPinSender(session);
    }

    @Override
    public Set<Channel> channels() {
        return Set.of(Channel.EMAIL);
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return ID;
    }
}
