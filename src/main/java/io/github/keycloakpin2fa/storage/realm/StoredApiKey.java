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
 */
public record StoredApiKey(String id, String name, Set<String> scopes, String secretHash, long createdAt) {

    public StoredApiKey {
        scopes = Set.copyOf(scopes);
    }

    @Override
    public String toString() {
        return "StoredApiKey[id=" + id + ", name=" + name + ", scopes=" + scopes + "]";
    }
}
