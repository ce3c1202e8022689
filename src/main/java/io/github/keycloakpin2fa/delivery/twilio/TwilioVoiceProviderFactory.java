package io.github.keycloakpin2fa.delivery.twilio;

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

/** The {@code twilio-voice} delivery provider: options {@code --spi-pin-delivery--twilio-voice--<option>}. */
public final class TwilioVoiceProviderFactory implements PinDeliveryProviderFactory, ServerInfoAwareProviderFactory {

    public static final String ID = "twilio-voice";

    private TwilioSettings settings;

    @Override
    public PinDeliveryProvider create(KeycloakSession session) {
        return new TwilioVoiceProvider(settings, SecretResolver.vault(session),
                new RetryingSender(ApacheHttpTransport.of(session), settings.http(), ID));
    }

    @Override
    public Set<Channel> channels() {
        return Set.of(Channel.VOICE);
    }

    @Override
    public void init(Config.Scope config) {
        settings = TwilioSettings.from(config);
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return TwilioSettings.metadata(true);
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        return Map.of("base-url", settings.baseUrl(), "configured", String.valueOf(settings.configured()));
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
