package io.github.keycloakpin2fa.api.auth;

import io.github.keycloakpin2fa.service.TfaError;
import io.github.keycloakpin2fa.service.TfaException;
import io.github.keycloakpin2fa.storage.realm.ApiScope;
import io.github.keycloakpin2fa.storage.realm.RealmPinConfig;
import io.github.keycloakpin2fa.storage.realm.StoredApiKey;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.managers.AppAuthManager;
import org.keycloak.services.managers.AuthenticationManager.AuthResult;

/**
 * Who calls the realm's 2FA API, and with which scopes. Three ways in, all bound to this realm:
 * <ul>
 *   <li>{@code App <apiKey>}: a key a realm admin created, with its scopes;</li>
 *   <li>{@code Bearer <access token>} issued by this realm: the scopes are the user's realm roles
 *       named {@code 2fa:manage} and {@code 2fa:pin:send};</li>
 *   <li>{@code Basic} with a confidential client's id and secret: the roles of its service account.</li>
 * </ul>
 * Every failure answers the same 401, so nothing tells which part was wrong.
 */
public final class ApiAuthenticator {

    private final KeycloakSession session;
    private final RealmModel realm;

    public ApiAuthenticator(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    /** The caller's scopes; throws 401 when the credentials are missing or wrong. */
    public Set<String> authenticate(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            throw unauthorized();
        }
        int space = authorization.indexOf(' ');
        if (space < 0) {
            throw unauthorized();
        }
        String scheme = authorization.substring(0, space).toLowerCase(Locale.ROOT);
        String credential = authorization.substring(space + 1).trim();
        return switch (scheme) {
            case "app" -> apiKey(credential);
            case "bearer" -> bearer(credential);
            case "basic" -> basic(credential);
            default -> throw unauthorized();
        };
    }

    /** Throws 403 unless {@code scopes} holds one of {@code accepted}. */
    public static void require(Set<String> scopes, String... accepted) {
        for (String scope : accepted) {
            if (scopes.contains(scope)) {
                return;
            }
        }
        throw new TfaException(TfaError.FORBIDDEN, "The credentials do not grant the scope " + String.join(" or ", accepted) + ".");
    }

    private Set<String> apiKey(String key) {
        String id = ApiKeys.idOf(key);
        RealmPinConfig config = new RealmPinConfig(realm, 0);
        StoredApiKey stored = id == null ? null : config.apiKey(id).orElse(null);
        if (stored == null || !ApiKeys.matches(key, stored.secretHash())) {
            throw unauthorized();
        }
        config.forgetShownKey(id);
        return stored.scopes();
    }

    private Set<String> bearer(String token) {
        AuthResult result;
        try {
            result = new AppAuthManager.BearerTokenAuthenticator(session).setRealm(realm).setTokenString(token).authenticate();
        } catch (RuntimeException invalid) {
            throw unauthorized();
        }
        if (result == null || result.user() == null) {
            throw unauthorized();
        }
        return roleScopes(result.user());
    }

    private Set<String> basic(String encoded) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw unauthorized();
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            throw unauthorized();
        }
        ClientModel client = realm.getClientByClientId(decoded.substring(0, colon));
        if (client == null || !client.isEnabled() || client.isPublicClient() || !client.validateSecret(decoded.substring(colon + 1))) {
            throw unauthorized();
        }
        UserModel serviceAccount = client.isServiceAccountsEnabled() ? session.users().getServiceAccount(client) : null;
        return serviceAccount == null ? Set.of() : roleScopes(serviceAccount);
    }

    private Set<String> roleScopes(UserModel user) {
        Set<String> scopes = new HashSet<>();
        for (String scope : ApiScope.KNOWN) {
            RoleModel role = realm.getRole(scope);
            if (role != null && user.hasRole(role)) {
                scopes.add(scope);
            }
        }
        return scopes;
    }

    private static TfaException unauthorized() {
        return new TfaException(TfaError.UNAUTHORIZED, "Invalid login details");
    }
}
