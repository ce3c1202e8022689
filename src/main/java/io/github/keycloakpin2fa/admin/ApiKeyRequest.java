package io.github.keycloakpin2fa.admin;

import java.util.List;

/** {@code POST /admin/realms/{realm}/2fa/api-keys}: a name and Infobip's scopes. */
public record ApiKeyRequest(String name, List<String> scopes) {
}
