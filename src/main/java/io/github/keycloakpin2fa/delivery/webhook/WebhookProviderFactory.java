package io.github.keycloakpin2fa.delivery.webhook;

import io.github.keycloakpin2fa.delivery.Channel;
import io.github.keycloakpin2fa.delivery.PinDeliveryProvider;
import io.github.keycloakpin2fa.delivery.SecretResolver;
import io.github.keycloakpin2fa.delivery.http.HttpProviderFactory;
import io.github.keycloakpin2fa.delivery.http.RetryingSender;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.keycloak.provider.ProviderConfigProperty;

/** The {@code webhook} delivery provider, for any channel: options {@code --spi-pin-delivery--webhook--<option>}. */
public final class WebhookProviderFactory extends HttpProviderFactory<WebhookSettings> {

    public static final String ID = "webhook";

    public WebhookProviderFactory() {
        super(ID, EnumSet.allOf(Channel.class), WebhookSettings::from);
    }

    @Override
    protected PinDeliveryProvider create(WebhookSettings settings, SecretResolver secrets, RetryingSender sender) {
        return new WebhookProvider(settings, secrets, sender);
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return WebhookSettings.metadata();
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        return Map.of("url", String.valueOf(settings().url()), "format", settings().body().format().name());
    }
}
