package io.github.keycloakpin2fa.delivery.infobip;

import io.github.keycloakpin2fa.delivery.SecretResolver;
import io.github.keycloakpin2fa.delivery.http.ApacheHttpTransport;
import io.github.keycloakpin2fa.delivery.http.RetryingSender;
import io.github.keycloakpin2fa.delivery.lookup.NumberLookupProvider;
import io.github.keycloakpin2fa.delivery.lookup.NumberLookupProviderFactory;
import java.util.List;
import java.util.Map;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ServerInfoAwareProviderFactory;

/** The {@code infobip} number lookup: options {@code --spi-pin-number-lookup--infobip--<option>}. */
public final class InfobipNumberLookupFactory implements NumberLookupProviderFactory, ServerInfoAwareProviderFactory {

    public static final String ID = "infobip";

    private InfobipSettings settings;

    @Override
    public NumberLookupProvider create(KeycloakSession session) {
        return new InfobipNumberLookup(settings, SecretResolver.vault(session),
                new RetryingSender(ApacheHttpTransport.of(session), settings.http(), "infobip-number-lookup"));
    }

    @Override
    public void init(Config.Scope config) {
        settings = InfobipSettings.from(config);
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return InfobipSettings.metadata("Not used by the lookup.");
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
