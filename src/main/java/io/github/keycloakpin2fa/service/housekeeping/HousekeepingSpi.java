package io.github.keycloakpin2fa.service.housekeeping;

import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/** The SPI {@code pin-housekeeping}: realm set-up and clean-up, on their own, whatever front door is on. */
public final class HousekeepingSpi implements Spi {

    public static final String NAME = "pin-housekeeping";

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
        return HousekeepingProvider.class;
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Class<? extends ProviderFactory> getProviderFactoryClass() {
        return HousekeepingProviderFactory.class;
    }
}
