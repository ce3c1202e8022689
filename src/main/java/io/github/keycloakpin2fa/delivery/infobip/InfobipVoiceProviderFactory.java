package io.github.keycloakpin2fa.delivery.infobip;

import io.github.keycloakpin2fa.delivery.Channel;
import io.github.keycloakpin2fa.delivery.PinDeliveryProvider;
import io.github.keycloakpin2fa.delivery.SecretResolver;
import io.github.keycloakpin2fa.delivery.http.HttpProviderFactory;
import io.github.keycloakpin2fa.delivery.http.RetryingSender;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.keycloak.provider.ProviderConfigProperty;

/** The {@code infobip-voice} delivery provider: options {@code --spi-pin-delivery--infobip-voice--<option>}. */
public final class InfobipVoiceProviderFactory extends HttpProviderFactory<InfobipSettings> {

    public static final String ID = "infobip-voice";

    public InfobipVoiceProviderFactory() {
        super(ID, Set.of(Channel.VOICE), InfobipSettings::from);
    }

    @Override
    protected PinDeliveryProvider create(InfobipSettings settings, SecretResolver secrets, RetryingSender sender) {
        return new InfobipVoiceProvider(settings, secrets, sender);
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return InfobipSettings.metadata("Caller number when neither the send request nor the template names one.");
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        return Map.of("base-url", String.valueOf(settings().baseUrl()), "configured", String.valueOf(settings().configured()));
    }
}
