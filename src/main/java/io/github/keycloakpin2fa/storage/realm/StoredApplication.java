package io.github.keycloakpin2fa.storage.realm;

import io.github.keycloakpin2fa.engine.application.Application;
import io.github.keycloakpin2fa.engine.guard.SendProtection;
import java.util.Objects;

/**
 * A realm's 2FA application with its id and tracking id, and its send protection (our extension
 * of Infobip's application, stored in the same component).
 */
public record StoredApplication(String id, Application application, String processId, SendProtection protection) {

    /** Checks that the protection is present. */
    public StoredApplication {
        Objects.requireNonNull(protection, "protection");
    }

    /** An application with the default protection. */
    public StoredApplication(String id, Application application, String processId) {
        this(id, application, processId, SendProtection.DEFAULTS);
    }
}
