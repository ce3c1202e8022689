package io.github.keycloakpin2fa.delivery;

import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/** Registers the {@code pin-delivery} SPI, so that server options read {@code --spi-pin-delivery-...}. */
public final class PinDeliverySpi implements Spi {

    public static final String NAME = "pin-delivery";

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
        return PinDeliveryProvider.class;
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Class<? extends ProviderFactory> getProviderFactoryClass() {
        return PinDeliveryProviderFactory.class;
    }
}
