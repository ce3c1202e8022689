package io.github.keycloakpin2fa.api;

import java.util.Map;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ServerInfoAwareProviderFactory;
import org.keycloak.services.resource.RealmResourceProvider;
import org.keycloak.services.resource.RealmResourceProviderFactory;

/**
 * Serves Infobip's 2FA API at {@code /realms/{realm}/2fa}. Realm set-up and clean-up (scope roles,
 * the purge timer, a removed realm's records) are not here but in
 * {@code service.housekeeping.RealmHousekeeping}, so they go on when this endpoint is switched off.
 */
public final class TfaRealmResourceProviderFactory implements RealmResourceProviderFactory, ServerInfoAwareProviderFactory {

    public static final String ID = "2fa";

    @Override
    public RealmResourceProvider create(KeycloakSession session) {
        return new RealmResourceProvider() {
            @Override
            public Object getResource() {
                return new TfaApiResource(session);
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        String version = TfaRealmResourceProviderFactory.class.getPackage().getImplementationVersion();
        return Map.of("version", version == null ? "development" : version);
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return ID;
    }
}
