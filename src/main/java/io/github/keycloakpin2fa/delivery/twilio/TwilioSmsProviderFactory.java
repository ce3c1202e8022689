package io.github.keycloakpin2fa.delivery.twilio;

import io.github.keycloakpin2fa.delivery.Channel;
import io.github.keycloakpin2fa.delivery.PinDeliveryProvider;
import io.github.keycloakpin2fa.delivery.SecretResolver;
import io.github.keycloakpin2fa.delivery.http.HttpProviderFactory;
import io.github.keycloakpin2fa.delivery.http.RetryingSender;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.keycloak.provider.ProviderConfigProperty;

/** The {@code twilio-sms} delivery provider: options {@code --spi-pin-delivery--twilio-sms--<option>}. */
public final class TwilioSmsProviderFactory extends HttpProviderFactory<TwilioSettings> {

    public static final String ID = "twilio-sms";

    public TwilioSmsProviderFactory() {
        super(ID, Set.of(Channel.SMS), TwilioSettings::from);
    }

    @Override
    protected PinDeliveryProvider create(TwilioSettings settings, SecretResolver secrets, RetryingSender sender) {
        return new TwilioSmsProvider(settings, secrets, sender);
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return TwilioSettings.metadata(false);
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        return Map.of("base-url", settings().baseUrl(), "configured", String.valueOf(settings().configured()));
    }
}
