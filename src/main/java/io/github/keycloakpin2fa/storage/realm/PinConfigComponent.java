package io.github.keycloakpin2fa.storage.realm;

import org.keycloak.provider.Provider;

/**
 * The component type under which a realm keeps its 2FA applications, their message templates and
 * API keys. Its class name is the {@code providerType} of those components in realm exports.
 */
public interface PinConfigComponent extends Provider {
}
