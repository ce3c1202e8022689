package io.github.keycloakpin2fa.storage.jpa;

import java.util.List;
import org.keycloak.Config;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProvider;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/** Adds our tables (and their Liquibase changelog) to Keycloak's own database. */
public final class PinEntityProviderFactory implements JpaEntityProviderFactory {

    public static final String ID = "pin-2fa-entities";

    private static final JpaEntityProvider ENTITIES = new JpaEntityProvider() {
        @Override
        public List<Class<?>> getEntities() {
            return List.of(PinRecordEntity.class, RateLimitWindowEntity.class, DevOutboxEntity.class, PinFailureEntity.class);
        }

        @Override
        public String getChangelogLocation() {
            return "META-INF/pin2fa-changelog.xml";
        }

        @Override
        public String getFactoryId() {
            return ID;
        }

        @Override
        public void close() {
        }
    };

    @Override
    public JpaEntityProvider create(KeycloakSession session) {
        return ENTITIES;
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
