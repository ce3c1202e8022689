package io.github.keycloakpin2fa.service.housekeeping;

import org.keycloak.provider.Provider;

/**
 * The realm housekeeping of the extension. It has no per-request work: everything happens in
 * {@link HousekeepingProviderFactory#postInit}, once per server.
 */
public interface HousekeepingProvider extends Provider {
}
