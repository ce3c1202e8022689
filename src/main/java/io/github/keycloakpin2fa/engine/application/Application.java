package io.github.keycloakpin2fa.engine.application;

import java.util.Objects;

/**
 * A validated 2FA application: one use case (login, registration, password change) with its own
 * PIN rules. Its id belongs to the storage, not to the engine. A disabled application sends and
 * verifies nothing; there is no delete, as in Infobip's API.
 *
 * @param name the display name, 1 to 255 characters
 * @param enabled whether PINs may be sent and verified
 * @param configuration the PIN rules
 */
public record Application(String name, boolean enabled, ApplicationConfiguration configuration) {

    /** Checks that the name and configuration are present. */
    public Application {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(configuration, "configuration");
    }
}
