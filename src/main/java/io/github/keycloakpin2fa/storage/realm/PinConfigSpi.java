package io.github.keycloakpin2fa.storage.realm;

import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/** Registers {@link PinConfigComponent} so realms can store, export and import our components. */
public final class PinConfigSpi implements Spi {

    @Override
    public boolean isInternal() {
        return false;
    }

    @Override
    public String getName() {
        return "pin-2fa-config";
    }

    @Override
    public Class<? extends Provider> getProviderClass() {
        return PinConfigComponent.class;
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Class<? extends ProviderFactory> getProviderFactoryClass() {
        return PinConfigComponentFactory.class;
    }
}
