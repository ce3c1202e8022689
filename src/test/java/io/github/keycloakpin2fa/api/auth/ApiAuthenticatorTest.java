package io.github.keycloakpin2fa.api.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.github.keycloakpin2fa.api.ApiException;
import io.github.keycloakpin2fa.service.ApiKeys;
import io.github.keycloakpin2fa.storage.realm.ApiKeyComponentFactory;
import io.github.keycloakpin2fa.storage.realm.ApiScope;
import io.github.keycloakpin2fa.storage.realm.PinConfigComponent;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.keycloak.component.ComponentModel;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserProvider;

/** Who calls the 2FA API: API keys and service accounts of this realm, and nothing else. */
class ApiAuthenticatorTest {

    private final KeycloakSession session = mock(KeycloakSession.class);
    private final RealmModel realm = mock(RealmModel.class);
    private final ApiAuthenticator authenticator = new ApiAuthenticator(session, realm);
    private ApiKeys.NewKey key;

    @BeforeEach
    void setUp() {
        when(realm.getId()).thenReturn("realm-1");
        key = ApiKeys.generate();
        ComponentModel stored = new ComponentModel();
        stored.setId(key.id());
        stored.setName("billing");
        stored.setParentId("realm-1");
        stored.setProviderType(PinConfigComponent.class.getName());
        stored.setProviderId(ApiKeyComponentFactory.ID);
        stored.put("secretHash", key.secretHash());
        stored.getConfig().put("scopes", List.of(ApiScope.PIN_SEND));
        when(realm.getComponent(key.id())).thenReturn(stored);
    }

    @Test
    void an_api_key_of_this_realm_has_its_scopes() {
        assertThat(authenticator.authenticate("App " + key.key()).scopes()).containsExactly(ApiScope.PIN_SEND);
        assertThat(authenticator.authenticate("app " + key.key()).scopes()).as("the scheme in any case").containsExactly(ApiScope.PIN_SEND);
    }

    @Test
    void a_key_with_a_wrong_secret_is_refused() {
        String forged = key.id() + "-" + "A".repeat(43);

        assertThatThrownBy(() -> authenticator.authenticate("App " + forged)).isInstanceOf(ApiException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "App", "App ", "Token abc", "App not-a-key", "Basic !!!", "Basic " + "bm9jb2xvbg=="})
    void anything_else_is_the_same_401(String header) {
        assertThatThrownBy(() -> authenticator.authenticate(header)).isInstanceOf(ApiException.class)
                .hasMessage("Invalid login details");
    }

    @Test
    void a_confidential_clients_service_account_has_its_role_scopes() {
        ClientModel client = mock(ClientModel.class);
        when(realm.getClientByClientId("billing")).thenReturn(client);
        when(client.isEnabled()).thenReturn(true);
        when(client.validateSecret("s3cret")).thenReturn(true);
        when(client.isServiceAccountsEnabled()).thenReturn(true);
        UserModel account = mock(UserModel.class);
        UserProvider users = mock(UserProvider.class);
        when(session.users()).thenReturn(users);
        when(users.getServiceAccount(client)).thenReturn(account);
        RoleModel manage = mock(RoleModel.class);
        when(realm.getRole(ApiScope.MANAGE)).thenReturn(manage);
        when(account.hasRole(manage)).thenReturn(true);

        Set<String> scopes = authenticator.authenticate("Basic " + base64("billing:s3cret")).scopes();

        assertThat(scopes).containsExactly(ApiScope.MANAGE);
        assertThatThrownBy(() -> authenticator.authenticate("Basic " + base64("billing:wrong"))).isInstanceOf(ApiException.class);
    }

    @Test
    void a_public_client_cannot_authenticate() {
        ClientModel client = mock(ClientModel.class);
        when(realm.getClientByClientId("spa")).thenReturn(client);
        when(client.isEnabled()).thenReturn(true);
        when(client.isPublicClient()).thenReturn(true);
        when(client.validateSecret("")).thenReturn(true);

        assertThatThrownBy(() -> authenticator.authenticate("Basic " + base64("spa:"))).isInstanceOf(ApiException.class);
    }

    @Test
    void a_missing_scope_is_a_403_naming_what_is_needed() {
        ApiCaller sender = new ApiCaller(Set.of(ApiScope.PIN_SEND), Set.of(), "client", null, null);
        assertThatThrownBy(() -> ApiAuthenticator.require(sender, ApiScope.MANAGE))
                .isInstanceOf(ApiException.class).hasMessageContaining(ApiScope.MANAGE);
        assertThat(ApiAuthenticator.require(sender, ApiScope.PIN_SEND, ApiScope.MANAGE)).isSameAs(sender);
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
