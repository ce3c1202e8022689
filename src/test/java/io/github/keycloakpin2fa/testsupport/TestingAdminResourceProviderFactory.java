package io.github.keycloakpin2fa.testsupport;

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
 * Serves {@link TestingAdminResource} at {@code /admin/realms/{realm}/2fa-testing}. It lives in
 * the test-only JAR ({@code target/keycloak-pin-2fa-testing.jar}), which only the integration
 * tests' harness puts into {@code providers/}; the product JAR has no such endpoint. Even when
 * deployed, it answers only in development mode.
 */
public final class TestingAdminResourceProviderFactory implements AdminRealmResourceProviderFactory {

    public static final String ID = "2fa-testing";

    @Override
    public AdminRealmResourceProvider create(KeycloakSession session) {
        return new AdminRealmResourceProvider() {
            @Override
            public Object getResource(KeycloakSession s, RealmModel realm, AdminPermissionEvaluator auth, AdminEventBuilder event) {
                return new TestingAdminResource(s, auth, Environment.isDevMode());
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
    public void close() {
    }

    @Override
    public String getId() {
        return ID;
    }
}
