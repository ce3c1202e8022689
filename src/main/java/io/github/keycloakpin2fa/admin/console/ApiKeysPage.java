package io.github.keycloakpin2fa.admin.console;

import io.github.keycloakpin2fa.api.auth.ApiKeys;
import io.github.keycloakpin2fa.storage.realm.ApiKeyComponentFactory;
import java.util.List;
import org.keycloak.component.ComponentModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * "2FA API keys": list, create, change scopes, delete (revoke). A key saved here for the first
 * time is made by the server: the component gets the key's id and the hash of its secret, and the
 * whole key stays readable on its page (the console's generic form cannot show a value once)
 * until the key is first used; then only the hash is left. Keys made through the admin REST
 * endpoint are answered once, in the response, and never shown here.
 */
public final class ApiKeysPage extends ConsolePageFactory {

    static final String SECRET_HASH = "secretHash";
    static final String SHOWN_KEY = "apiKey";

    public ApiKeysPage() {
        super(ApiKeyComponentFactory.ID, "Keys for the realm's 2FA API (Authorization: App <key>): what they may do and which applications they may use.",
                List.of("name", "scopes", "allowedApplications"));
    }

    @Override
    public void validateConfiguration(KeycloakSession session, RealmModel realm, ComponentModel model) {
        if (model.getId() == null && model.get(SECRET_HASH) == null) {
            ApiKeys.NewKey key = ApiKeys.generate();
            model.setId(key.id());
            model.put(SECRET_HASH, key.secretHash());
            model.put(SHOWN_KEY, key.key());
        }
        super.validateConfiguration(session, realm, model);
    }
}
