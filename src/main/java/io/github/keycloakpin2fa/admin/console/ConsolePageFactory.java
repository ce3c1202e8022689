package io.github.keycloakpin2fa.admin.console;

import io.github.keycloakpin2fa.service.SendGuard;
import io.github.keycloakpin2fa.storage.realm.ComponentRules;
import java.util.List;
import java.util.Map;
import org.keycloak.Config;
import org.keycloak.component.ComponentModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.services.ui.extend.UiPageProvider;
import org.keycloak.services.ui.extend.UiPageProviderFactory;

/**
 * A page of the admin console (Keycloak's UI extension SPI, on with {@code --features=declarative-ui}):
 * the console lists the realm's components of the page type whose provider id is this page's id,
 * and creates, edits and deletes them through Keycloak's component endpoints, which emit admin
 * events. The page's id is our provider id, so the components it edits are the very ones the
 * 2FA API and the login step use; {@link ComponentRules} completes and validates every write.
 */
abstract class ConsolePageFactory implements UiPageProviderFactory<UiPageProvider> {

    private final String id;
    private final String helpText;
    private final List<String> listColumns;

    ConsolePageFactory(String id, String helpText, List<String> listColumns) {
        this.id = id;
        this.helpText = helpText;
        this.listColumns = listColumns;
    }

    @Override
    public final String getId() {
        return id;
    }

    @Override
    public final String getHelpText() {
        return helpText;
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return ComponentRules.properties(id);
    }

    /** The list's columns (the first links to the item). */
    @Override
    public final Map<String, Object> getTypeMetadata() {
        return Map.of("displayFields", listColumns);
    }

    @Override
    public void validateConfiguration(KeycloakSession session, RealmModel realm, ComponentModel model) {
        ComponentRules.check(realm, model, System.currentTimeMillis(), SendGuard::isKnownRegion);
    }

    @Override
    public final void onUpdate(KeycloakSession session, RealmModel realm, ComponentModel oldModel, ComponentModel newModel) {
        ComponentRules.updated(realm, oldModel, newModel);
    }

    @Override
    public final void preRemove(KeycloakSession session, RealmModel realm, ComponentModel model) {
        ComponentRules.removing(realm, model);
    }

    @Override
    public final void init(Config.Scope config) {
    }

    @Override
    public final void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public final void close() {
    }
}
