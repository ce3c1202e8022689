package io.github.keycloakpin2fa.api.auth;

import io.github.keycloakpin2fa.service.TfaError;
import io.github.keycloakpin2fa.service.TfaException;
import java.util.Set;

/**
 * Who called the 2FA API: the scopes the credentials grant, the applications they may use, and
 * who they are, for admin events.
 *
 * @param scopes the granted scopes
 * @param applications the only application ids the caller may use; empty: every application
 * @param clientId Keycloak's id of the calling client (Bearer, Basic), or null for an API key
 * @param userId the user behind a Bearer token or a client's service account, or null
 * @param apiKeyId the id of the API key used, or null
 */
public record ApiCaller(Set<String> scopes, Set<String> applications, String clientId, String userId, String apiKeyId) {

    public ApiCaller {
        scopes = Set.copyOf(scopes);
        applications = Set.copyOf(applications);
    }

    /** True when the caller may use the application {@code applicationId}. */
    public boolean mayUse(String applicationId) {
        return applications.isEmpty() || applications.contains(applicationId);
    }

    /** True when the caller is restricted to a list of applications. */
    public boolean restricted() {
        return !applications.isEmpty();
    }

    /** Throws 403 unless the caller may use {@code applicationId}. */
    public void requireApplication(String applicationId) {
        if (!mayUse(applicationId)) {
            throw new TfaException(TfaError.FORBIDDEN, "The credentials do not grant access to this application.");
        }
    }
}
