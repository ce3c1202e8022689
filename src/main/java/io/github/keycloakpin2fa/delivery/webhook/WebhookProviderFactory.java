package io.github.keycloakpin2fa.delivery.webhook;

import io.github.keycloakpin2fa.delivery.Channel;
import io.github.keycloakpin2fa.delivery.PinDeliveryProvider;
import io.github.keycloakpin2fa.delivery.PinDeliveryProviderFactory;
import io.github.keycloakpin2fa.delivery.SecretResolver;
import io.github.keycloakpin2fa.delivery.http.ApacheHttpTransport;
import io.github.keycloakpin2fa.delivery.http.RetryingSender;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ServerInfoAwareProviderFactory;

/** The {@code webhook} delivery provider, for any channel: options {@code --spi-pin-delivery--webhook--<option>}. */
public final class WebhookProviderFactory implements PinDeliveryProviderFactory, ServerInfoAwareProviderFactory {

    public static final String ID = "webhook";

    private WebhookSettings settings;

    @Override
    public PinDeliveryProvider create(KeycloakSession session) {
        return new WebhookProvider(settings, SecretResolver.vault(session),
                new RetryingSender(ApacheHttpTransport.of(session), settings.http(), ID));
    }

    @Override
    public Set<Channel> channels() {
        return EnumSet.allOf(Channel.class);
    }

    @Override
    public void init(Config.Scope config) {
        settings = WebhookSettings.from(config);
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return WebhookSettings.metadata();
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        return Map.of("url", String.valueOf(settings.url()), "format", settings.body().format().name());
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
