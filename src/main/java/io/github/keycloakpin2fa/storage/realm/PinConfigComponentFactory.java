package io.github.keycloakpin2fa.storage.realm;

import org.keycloak.component.ComponentFactory;

/** The factory type of {@link PinConfigSpi}, so its factories are found under a name of our own. */
public interface PinConfigComponentFactory extends ComponentFactory<PinConfigComponent, PinConfigComponent> {
}
