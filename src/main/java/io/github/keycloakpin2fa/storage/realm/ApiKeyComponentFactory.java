package io.github.keycloakpin2fa.storage.realm;

/** An API key of the realm's 2FA API: its name, scopes and the hash of its secret. */
public final class ApiKeyComponentFactory extends ConfigComponentFactory {

    public static final String ID = "2fa-api-key";

    public ApiKeyComponentFactory() {
        super(ID, "An API key for the realm's 2FA API (only a hash of the key is stored).");
    }
}
