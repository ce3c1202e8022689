package io.github.keycloakpin2fa.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.github.keycloakpin2fa.storage.realm.StoredApiKey;
import java.util.List;

/** An API key as admins see it; {@code apiKey} only in the answer to its creation. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiKeyResponse(String id, String name, List<String> scopes, List<String> applications, long createdAt, String apiKey) {

    static ApiKeyResponse of(StoredApiKey key, String apiKey) {
        return new ApiKeyResponse(key.id(), key.name(), key.scopes().stream().sorted().toList(),
                key.unrestricted() ? null : key.applications().stream().sorted().toList(), key.createdAt(), apiKey);
    }
}
