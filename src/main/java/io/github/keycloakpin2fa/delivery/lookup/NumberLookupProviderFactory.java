package io.github.keycloakpin2fa.delivery.lookup;

import org.keycloak.provider.ProviderFactory;

/** Creates {@link NumberLookupProvider}s; its id is what the realm attribute {@code pin2fa.number-lookup} names. */
public interface NumberLookupProviderFactory extends ProviderFactory<NumberLookupProvider> {
}
