package io.github.keycloakpin2fa.admin.console;

import io.github.keycloakpin2fa.engine.validation.ValidationException;
import io.github.keycloakpin2fa.service.ApiKeys;
import io.github.keycloakpin2fa.storage.realm.ApiKeyComponentFactory;
import io.github.keycloakpin2fa.storage.realm.ConfigForms;
import java.util.List;
import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderConfigProperty;

/**
 * "2FA API keys": list, create, change scopes, delete (revoke). The key is shown once, in the
 * create form: the console reads the pages' forms from the server's info once per page load,
 * and each read of this form carries a new key as its key field's default. Saving hands the key
 * back; the component takes its id and keeps only the hash of its secret. A second save of the
 * same form (without a reload) is refused: that key is taken. Keys made through the admin REST
 * endpoint are answered once, in the response.
 */
public final class ApiKeysPage extends ConsolePageFactory {

    static final String SECRET_HASH = "secretHash";
    static final String SHOWN_KEY = "apiKey";

    public ApiKeysPage() {
        super(ApiKeyComponentFactory.ID, "Keys for the realm's 2FA API (Authorization: App <key>): what they may do and which applications they may use.",
                List.of("name", "scopes", "allowedApplications"));
    }

    /** Read for every load of the console's server info (and when Keycloak lists components): a new key each time. */
    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return ConfigForms.apiKeyForm(ApiKeys.generate().key());
    }

    @Override
    public void validateConfiguration(KeycloakSession session, RealmModel realm, ComponentModel model) {
        if (model.getId() == null && model.get(SECRET_HASH) == null) {
            ApiKeys.NewKey key = ApiKeys.parse(model.get(SHOWN_KEY)).orElseThrow(() -> refused(
                    "must be the key the create form holds; reload the page for a new one"));
            if (session.realms().getRealmsStream().anyMatch(r -> r.getComponent(key.id()) != null)) {
                throw refused("this key is saved already; reload the page for a new one");
            }
            model.setId(key.id());
            model.put(SECRET_HASH, key.secretHash());
        }
        super.validateConfiguration(session, realm, model); // drops the key itself
    }

    private static ComponentValidationException refused(String message) {
        return new ComponentValidationException(ValidationException.of(SHOWN_KEY, message).getMessage());
    }
}
