package io.github.keycloakpin2fa.delivery;

import java.util.Set;
import org.keycloak.provider.ProviderFactory;

/** Creates {@link PinDeliveryProvider}s; its id is what realms choose per channel. */
public interface PinDeliveryProviderFactory extends ProviderFactory<PinDeliveryProvider> {

    /** The channels this provider can carry. */
    Set<Channel> channels();
}
