package io.github.keycloakpin2fa.storage.realm;

import java.util.Set;

/**
 * An API key as the realm keeps it: never the key itself, only a hash of its secret part.
 *
 * @param id the key's id, also the first part of the key the caller holds
 * @param name what the admin called it
 * @param scopes the scopes it grants
 * @param secretHash SHA-256 of the secret part, base64url
 * @param createdAt epoch milliseconds
 * @param applications the ids of the applications it may use; empty: every application
 */
public record StoredApiKey(String id, String name, Set<String> scopes, String secretHash, long createdAt, Set<String> applications) {

    public StoredApiKey {
        scopes = Set.copyOf(scopes);
        applications = applications == null ? Set.of() : Set.copyOf(applications);
    }

    /** True when the key may use every application, not only a list. */
    public boolean unrestricted() {
        return applications.isEmpty();
    }

    @Override
    public String toString() {
        return "StoredApiKey[id=" + id + ", name=" + name + ", scopes=" + scopes + ", applications=" + applications + "]";
    }
}
