package io.github.keycloakpin2fa.delivery.lookup;

import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/** Registers the {@code pin-number-lookup} SPI: server options read {@code --spi-pin-number-lookup--<id>--<option>}. */
public final class NumberLookupSpi implements Spi {

    public static final String NAME = "pin-number-lookup";

    @Override
    public boolean isInternal() {
        return false;
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public Class<? extends Provider> getProviderClass() {
        return NumberLookupProvider.class;
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Class<? extends ProviderFactory> getProviderFactoryClass() {
        return NumberLookupProviderFactory.class;
    }
}
