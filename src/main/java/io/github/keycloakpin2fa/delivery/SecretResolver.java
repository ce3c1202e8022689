package io.github.keycloakpin2fa.delivery;

import java.util.Optional;
import org.keycloak.models.KeycloakSession;
import org.keycloak.vault.VaultStringSecret;

/**
 * Turns a configured secret into the secret itself. In Keycloak a value written as
 * {@code ${vault.<key>}} is read from Keycloak's vault at send time, for the realm of the request
 * (the file vault reads {@code <vault-dir>/<realm>_<key>}); any other value is taken as it is.
 */
@FunctionalInterface
public interface SecretResolver {

    /** The secret, or empty when the vault has no such entry (or nothing was configured). */
    Optional<String> resolve(String configured);

    /** Through {@code session.vault()}, scoped to the session's realm. */
    static SecretResolver vault(KeycloakSession session) {
        return configured -> {
            if (configured == null || configured.isBlank()) {
                return Optional.empty();
            }
            try (VaultStringSecret secret = session.vault().getStringSecret(configured)) {
                return secret.get().filter(s -> !s.isEmpty());
            }
        };
    }

    /** Values as they are: for tests and for callers without a vault. */
    static SecretResolver plain() {
        return configured -> Optional.ofNullable(configured).filter(s -> !s.isBlank());
    }
}
