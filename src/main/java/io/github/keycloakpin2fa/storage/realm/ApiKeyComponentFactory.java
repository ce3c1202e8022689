package io.github.keycloakpin2fa.storage.realm;

import java.util.List;
import org.keycloak.component.ComponentModel;

/** An API key of the realm's 2FA API: its name, scopes and the hash of its secret. */
public final class ApiKeyComponentFactory extends ConfigComponentFactory {

    public static final String ID = "2fa-api-key";

    public ApiKeyComponentFactory() {
        super(ID, "An API key for the realm's 2FA API (only a hash of the key is stored).", List.of(
                ComponentCodec.SCOPES, ComponentCodec.SECRET_HASH, ComponentCodec.CREATED_AT));
    }

    @Override
    void validate(ComponentModel model) {
        ComponentCodec.apiKey(model);
    }
}
