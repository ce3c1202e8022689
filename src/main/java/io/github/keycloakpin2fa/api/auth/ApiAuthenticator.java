package io.github.keycloakpin2fa.api.auth;

import io.github.keycloakpin2fa.api.ApiException;
import io.github.keycloakpin2fa.service.ApiKeys;
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
import org.keycloak.representations.AccessToken;
import org.keycloak.services.managers.AppAuthManager;
import org.keycloak.services.managers.AuthenticationManager.AuthResult;

/**
 * Who calls the realm's 2FA API, and with which scopes. Three ways in, all bound to this realm:
 * <ul>
 *   <li>{@code App <apiKey>}: a key a realm admin created, with its scopes and, if the admin
 *       listed them, the only applications it may use;</li>
 *   <li>{@code Bearer <access token>} issued by this realm <em>for this API</em>: its {@code aud}
 *       must hold the realm's API audience ({@value #AUDIENCE_ATTRIBUTE}, default
 *       {@value #DEFAULT_AUDIENCE}; Keycloak's audience mapper puts it there), and the scopes are
 *       the realm roles {@code 2fa:manage} and {@code 2fa:pin:send} <em>in the token</em>, not the
 *       user's roles of the moment, so a token issued to another client or without the roles
 *       grants nothing;</li>
 *   <li>{@code Basic} with a confidential client's id and secret: the roles of its service account.</li>
 * </ul>
 * Every failure answers the same 401, so nothing tells which part was wrong.
 */
public final class ApiAuthenticator {

    /** The realm attribute that names the audience a Bearer token must carry. */
    public static final String AUDIENCE_ATTRIBUTE = "pin2fa.api.audience";
    public static final String DEFAULT_AUDIENCE = "2fa-api";

    private final KeycloakSession session;
    private final RealmModel realm;

    public ApiAuthenticator(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    /** The caller and its scopes; throws 401 when the credentials are missing or wrong. */
    public ApiCaller authenticate(String authorization) {
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

    /** Throws 403 unless the caller holds one of {@code accepted}; returns the caller. */
    public static ApiCaller require(ApiCaller caller, String... accepted) {
        for (String scope : accepted) {
            if (caller.scopes().contains(scope)) {
                return caller;
            }
        }
        throw ApiException.forbidden("The credentials do not grant the scope " + String.join(" or ", accepted) + ".");
    }

    private ApiCaller apiKey(String key) {
        String id = ApiKeys.idOf(key);
        RealmPinConfig config = new RealmPinConfig(realm, 0);
        StoredApiKey stored = id == null ? null : config.apiKey(id).orElse(null);
        if (stored == null || !ApiKeys.matches(key, stored.secretHash())) {
            throw unauthorized();
        }
        return new ApiCaller(stored.scopes(), stored.applications(), null, null, stored.id());
    }

    private ApiCaller bearer(String token) {
        AuthResult result;
        try {
            result = new AppAuthManager.BearerTokenAuthenticator(session).setRealm(realm).setTokenString(token)
                    .setAudience(audience()).authenticate();
        } catch (RuntimeException invalid) {
            throw unauthorized();
        }
        if (result == null || result.user() == null || result.token() == null) {
            throw unauthorized();
        }
        AccessToken accessToken = result.token();
        if (!accessToken.hasAudience(audience())) {
            throw unauthorized(); // checked here too, whatever the authenticator did with it
        }
        Set<String> scopes = new HashSet<>();
        AccessToken.Access realmAccess = accessToken.getRealmAccess();
        for (String scope : ApiScope.KNOWN) {
            if (realmAccess != null && realmAccess.isUserInRole(scope)) {
                scopes.add(scope);
            }
        }
        ClientModel client = result.client();
        return new ApiCaller(scopes, Set.of(), client == null ? null : client.getId(), result.user().getId(), null);
    }

    private String audience() {
        String configured = realm.getAttribute(AUDIENCE_ATTRIBUTE);
        return configured == null || configured.isBlank() ? DEFAULT_AUDIENCE : configured.trim();
    }

    private ApiCaller basic(String encoded) {
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
        return new ApiCaller(serviceAccount == null ? Set.of() : roleScopes(serviceAccount), Set.of(), client.getId(),
                serviceAccount == null ? null : serviceAccount.getId(), null);
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

    private static ApiException unauthorized() {
        return ApiException.unauthorized("Invalid login details");
    }
}
