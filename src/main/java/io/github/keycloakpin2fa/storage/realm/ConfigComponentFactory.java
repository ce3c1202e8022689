package io.github.keycloakpin2fa.storage.realm;

import java.util.List;
import org.keycloak.Config;
import org.keycloak.component.ComponentModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.provider.ProviderConfigProperty;

/**
 * What our component factories share: they create nothing (the components are data) and
 * complete and validate a component with {@link ComponentRules}, so a bad realm import fails
 * with the same message the API would give.
 */
abstract class ConfigComponentFactory implements PinConfigComponentFactory {

    private final String id;
    private final String helpText;
    private final List<ProviderConfigProperty> properties;

    /**
     * @param id one of our provider ids: its properties are {@link ComponentRules#properties}
     *     (Keycloak's admin REST API keeps only declared keys on update; exports mask secret ones)
     */
    ConfigComponentFactory(String id, String helpText) {
        this.id = id;
        this.helpText = helpText;
        this.properties = ComponentRules.properties(id);
    }

    @Override
    public final void validateConfiguration(KeycloakSession session, RealmModel realm, ComponentModel model) {
        ComponentRules.check(realm, model, System.currentTimeMillis());
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
    public final PinConfigComponent create(KeycloakSession session, ComponentModel model) {
        return null;
    }

    @Override
    public final String getHelpText() {
        return helpText;
    }

    @Override
    public final List<ProviderConfigProperty> getConfigProperties() {
        return properties;
    }

    @Override
    public final void init(Config.Scope config) {
    }

    @Override
    public final void postInit(KeycloakSessionFactory factory) {
        if (ApplicationComponentFactory.ID.equals(id)) {
            // Once per server start, after Keycloak's migrations and realm imports.
            factory.register(event -> {
                if (event instanceof PostMigrationEvent) {
                    PinComponentTypes.alignAll(factory);
                }
            });
        }
    }

    @Override
    public final void close() {
    }

    @Override
    public final String getId() {
        return id;
    }
}
