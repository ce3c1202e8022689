package io.github.keycloakpin2fa.service.housekeeping;

import org.keycloak.provider.ProviderFactory;

/** Factories of {@link HousekeepingProvider}s; the one this extension ships is {@link RealmHousekeeping}. */
public interface HousekeepingProviderFactory extends ProviderFactory<HousekeepingProvider> {
}
