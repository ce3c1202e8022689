package io.github.keycloakpin2fa.api;

import jakarta.ws.rs.core.Response;
import org.keycloak.models.KeycloakSession;

/** Small pieces the resources share. */
final class ApiResourceSupport {

    private ApiResourceSupport() {
    }

    static Response notFound(KeycloakSession session) {
        return new ApiResponses(session, false).error(new ApiException(ApiError.NOT_FOUND, "No such 2FA API endpoint."));
    }

    /** A boolean query parameter: absent, {@code true} or {@code false}; anything else is a 400. */
    static Boolean bool(String name, String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        return switch (value.toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw ApiException.invalid(name, "must be true or false");
        };
    }
}
