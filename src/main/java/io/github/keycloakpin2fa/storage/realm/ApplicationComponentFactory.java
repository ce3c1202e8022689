package io.github.keycloakpin2fa.storage.realm;

/** A realm's 2FA application, stored as a component with the {@code 2fa-application} provider. */
public final class ApplicationComponentFactory extends ConfigComponentFactory {

    public static final String ID = "2fa-application";

    public ApplicationComponentFactory() {
        super(ID, "A 2FA application: PIN attempts, time to live and send/verify limits.");
    }
}
