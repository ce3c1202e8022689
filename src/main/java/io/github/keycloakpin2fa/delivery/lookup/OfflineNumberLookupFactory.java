package io.github.keycloakpin2fa.delivery.lookup;

import io.github.keycloakpin2fa.engine.destination.PhoneNumber;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/**
 * The default number lookup, {@code libphonenumber}: offline, free and instant. A number that
 * cannot exist is {@link Reachability#NOT_REACHABLE}; any other is {@link Reachability#UNKNOWN},
 * since only the network knows whether it is reachable.
 */
public final class OfflineNumberLookupFactory implements NumberLookupProviderFactory {

    public static final String ID = "libphonenumber";

    @Override
    public NumberLookupProvider create(KeycloakSession session) {
        return msisdn -> PhoneNumber.msisdn(msisdn).filter(PhoneNumber::existsInNumberingPlan).isPresent()
                ? Reachability.UNKNOWN : Reachability.NOT_REACHABLE;
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return ID;
    }
}
