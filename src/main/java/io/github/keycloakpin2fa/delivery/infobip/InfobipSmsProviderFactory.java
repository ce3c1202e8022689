package io.github.keycloakpin2fa.delivery.infobip;

import io.github.keycloakpin2fa.delivery.Channel;
import io.github.keycloakpin2fa.delivery.PinDeliveryProvider;
import io.github.keycloakpin2fa.delivery.PinDeliveryProviderFactory;
import io.github.keycloakpin2fa.delivery.SecretResolver;
import io.github.keycloakpin2fa.delivery.http.ApacheHttpTransport;
import io.github.keycloakpin2fa.delivery.http.RetryingSender;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ServerInfoAwareProviderFactory;

/** The {@code infobip-sms} delivery provider: options {@code --spi-pin-delivery--infobip-sms--<option>}. */
public final class InfobipSmsProviderFactory implements PinDeliveryProviderFactory, ServerInfoAwareProviderFactory {

    public static final String ID = "infobip-sms";

    private InfobipSettings settings;

    @Override
    public PinDeliveryProvider create(KeycloakSession session) {
        return new InfobipSmsProvider(settings, SecretResolver.vault(session),
                new RetryingSender(ApacheHttpTransport.of(session), settings.http(), ID));
    }

    @Override
    public Set<Channel> channels() {
        return Set.of(Channel.SMS);
    }

    @Override
    public void init(Config.Scope config) {
        settings = InfobipSettings.from(config);
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return InfobipSettings.metadata("Sender (alphanumeric or a number) when neither the send request nor the template names one.");
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        return Map.of("base-url", String.valueOf(settings.baseUrl()), "configured", String.valueOf(settings.configured()));
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
