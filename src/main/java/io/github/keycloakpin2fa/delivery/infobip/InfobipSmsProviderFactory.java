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

/** The {@code infobip-sms} delivery provider: options {@code --spi-pin-delivery--infobip-sms--<option>}. */
public final class InfobipSmsProviderFactory extends HttpProviderFactory<InfobipSettings> {

    public static final String ID = "infobip-sms";

    public InfobipSmsProviderFactory() {
        super(ID, Set.of(Channel.SMS), InfobipSettings::from);
    }

    @Override
    protected PinDeliveryProvider create(InfobipSettings settings, SecretResolver secrets, RetryingSender sender) {
        return new InfobipSmsProvider(settings, secrets, sender);
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return InfobipSettings.metadata("Sender (alphanumeric or a number) when neither the send request nor the template names one.");
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        return Map.of("base-url", String.valueOf(settings().baseUrl()), "configured", String.valueOf(settings().configured()));
    }
}
