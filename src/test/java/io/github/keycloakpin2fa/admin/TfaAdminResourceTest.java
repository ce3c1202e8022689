package io.github.keycloakpin2fa.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.RETURNS_SELF;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.github.keycloakpin2fa.storage.realm.ApiKeyComponentFactory;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.keycloak.component.ComponentModel;
import org.keycloak.events.admin.OperationType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.representations.idm.ErrorRepresentation;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;
import org.keycloak.services.resources.admin.fgap.RealmPermissionEvaluator;
import org.mockito.ArgumentCaptor;

/** A realm admin's API keys: checked input, the key shown once, an admin event for every change. */
class TfaAdminResourceTest {

    private final RealmModel realm = mock(RealmModel.class);
    private final AdminPermissionEvaluator auth = mock(AdminPermissionEvaluator.class);
    private final RealmPermissionEvaluator realmAuth = mock(RealmPermissionEvaluator.class);
    private final AdminEventBuilder events = mock(AdminEventBuilder.class, RETURNS_SELF);
    private TfaAdminResource resource;

    @BeforeEach
    void setUp() {
        when(auth.realm()).thenReturn(realmAuth);
        when(realm.getId()).thenReturn("realm-1");
        when(realm.addComponentModel(any())).thenAnswer(i -> i.getArgument(0));
        resource = new TfaAdminResource(mock(KeycloakSession.class), realm, auth, events);
    }

    @Test
    void a_new_key_is_shown_once_stored_as_a_hash_and_recorded_as_an_admin_event() {
        Response response = resource.createApiKey("{\"name\": \"billing\", \"scopes\": [\"2fa:pin:send\"]}");

        assertThat(response.getStatus()).isEqualTo(201);
        ApiKeyResponse created = (ApiKeyResponse) response.getEntity();
        assertThat(created.apiKey()).startsWith(created.id() + "-");
        ArgumentCaptor<ComponentModel> stored = ArgumentCaptor.forClass(ComponentModel.class);
        verify(realm).addComponentModel(stored.capture());
        assertThat(stored.getValue().getProviderId()).isEqualTo(ApiKeyComponentFactory.ID);
        assertThat(stored.getValue().getConfig().toString()).doesNotContain(created.apiKey().substring(33));
        verify(realmAuth).requireManageRealm();
        verify(events).operation(OperationType.CREATE);
        verify(events).success();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "not json | body",
            "{} | name",
            "{\"name\": \" \", \"scopes\": [\"2fa:manage\"]} | name",
            "{\"name\": \"x\"} | scopes",
            "{\"name\": \"x\", \"scopes\": [\"2fa:everything\"]} | scopes"})
    void bad_input_is_a_400_naming_the_field_and_nothing_is_stored(String body, String field) {
        Response response = resource.createApiKey(body);

        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(((ErrorRepresentation) response.getEntity()).getField()).isEqualTo(field);
        verify(realm, never()).addComponentModel(any());
        verify(events, never()).success();
    }

    @Test
    void revoking_an_unknown_key_is_a_404_without_an_event() {
        Response response = resource.revokeApiKey("nope");

        assertThat(response.getStatus()).isEqualTo(404);
        verify(events, never()).success();
        verify(realm, never()).removeComponent(any());
    }
}
