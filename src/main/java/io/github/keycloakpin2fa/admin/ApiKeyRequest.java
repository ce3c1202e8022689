package io.github.keycloakpin2fa.admin;

import java.util.List;

/**
 * {@code POST /admin/realms/{realm}/2fa/api-keys}: a name, Infobip's scopes and, optionally, the
 * ids of the only applications the key may use (absent or empty: all of them).
 */
public record ApiKeyRequest(String name, List<String> scopes, List<String> applications) {
}
