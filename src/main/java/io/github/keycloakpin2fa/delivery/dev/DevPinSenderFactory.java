package io.github.keycloakpin2fa.delivery.dev;

import io.github.keycloakpin2fa.delivery.Channel;
import io.github.keycloakpin2fa.delivery.PinDeliveryProvider;
import io.github.keycloakpin2fa.delivery.PinDeliveryProviderFactory;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.keycloak.Config;
import org.keycloak.common.util.Environment;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.EnvironmentDependentProviderFactory;
import org.keycloak.provider.ServerInfoAwareProviderFactory;

/**
 * The {@code dev} delivery provider. It exists only when Keycloak runs in development mode
 * ({@code kc.sh start-dev}): in production mode it is not registered at all, so no realm can
 * choose it by mistake.
 */
public final class DevPinSenderFactory
        implements PinDeliveryProviderFactory, EnvironmentDependentProviderFactory, ServerInfoAwareProviderFactory {

    public static final String ID = "dev";

    /** {@code --spi-pin-delivery--dev--console=false}: the outbox only, no message text on the console. */
    private boolean console = true;

    @Override
    public PinDeliveryProvider create(KeycloakSession session) {
        return new DevPinSender(session, console);
    }

    @Override
    public Set<Channel> channels() {
        return EnumSet.allOf(Channel.class);
    }

    @Override
    public boolean isSupported(Config.Scope config) {
        return Environment.isDevMode();
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        return Map.of("mode", console ? "development only: prints every message on the console" : "development only: outbox only");
    }

    @Override
    public void init(Config.Scope config) {
        console = config.getBoolean("console", true);
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
