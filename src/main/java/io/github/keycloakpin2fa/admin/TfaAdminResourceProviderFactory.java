package io.github.keycloakpin2fa.admin;

import org.keycloak.Config;
import org.keycloak.common.util.Environment;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProvider;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProviderFactory;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * Serves {@link TfaAdminResource} at {@code /admin/realms/{realm}/2fa}. The option
 * {@code --spi-admin-realm-restapi-extension--2fa--testing-enabled=true} adds a time-offset
 * endpoint for tests; it is refused outside development mode.
 */
public final class TfaAdminResourceProviderFactory implements AdminRealmResourceProviderFactory {

    public static final String ID = "2fa";

    private boolean testing;

    @Override
    public AdminRealmResourceProvider create(KeycloakSession session) {
        return new AdminRealmResourceProvider() {
            @Override
            public Object getResource(KeycloakSession s, RealmModel realm, AdminPermissionEvaluator auth, AdminEventBuilder event) {
                return new TfaAdminResource(s, realm, auth, event, testing);
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public void init(Config.Scope config) {
        testing = config.getBoolean("testing-enabled", false) && Environment.isDevMode();
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
