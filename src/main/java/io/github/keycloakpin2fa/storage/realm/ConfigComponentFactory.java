package io.github.keycloakpin2fa.storage.realm;

import io.github.keycloakpin2fa.engine.validation.ValidationException;
import java.util.List;
import org.keycloak.Config;
import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderConfigProperty;

/**
 * What our component factories share: they create nothing (the components are data) and
 * validate a component's config with the engine's rules, so a bad realm import fails with the
 * same message the API would give.
 */
abstract class ConfigComponentFactory implements PinConfigComponentFactory {

    private final String id;
    private final String helpText;
    private final List<ProviderConfigProperty> properties;

    /**
     * @param keys every config key the component stores: Keycloak keeps only declared keys in
     *     realm exports, and shows them in the admin console
     */
    ConfigComponentFactory(String id, String helpText, List<String> keys) {
        this.id = id;
        this.helpText = helpText;
        this.properties = keys.stream().map(ConfigComponentFactory::property).toList();
    }

    private static ProviderConfigProperty property(String key) {
        ProviderConfigProperty property = new ProviderConfigProperty(key, key, null,
                key.equals(ComponentCodec.SCOPES) ? ProviderConfigProperty.MULTIVALUED_STRING_TYPE : ProviderConfigProperty.STRING_TYPE,
                null);
        // Exports mask secrets: an API key's hash never leaves the server in an export.
        property.setSecret(key.equals(ComponentCodec.SECRET_HASH));
        return property;
    }

    /** Throws {@link ValidationException} (or a runtime exception) when the config is not valid. */
    abstract void validate(ComponentModel model);

    @Override
    public final void validateConfiguration(KeycloakSession session, RealmModel realm, ComponentModel model) {
        try {
            validate(model);
        } catch (ValidationException e) {
            throw new ComponentValidationException(e.errors().text());
        } catch (RuntimeException e) {
            throw new ComponentValidationException("Invalid " + id + " component " + model.getId() + ": " + e.getMessage());
        }
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
    }

    @Override
    public final void close() {
    }

    @Override
    public final String getId() {
        return id;
    }
}
