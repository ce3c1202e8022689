package io.github.keycloakpin2fa.admin.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.github.keycloakpin2fa.service.ApiKeys;
import io.github.keycloakpin2fa.storage.realm.ApiKeyComponentFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RealmProvider;
import org.keycloak.provider.ProviderConfigProperty;

class ApiKeysPageTest {

    private final ApiKeysPage page = new ApiKeysPage();
    private final KeycloakSession session = mock(KeycloakSession.class);
    private final List<ComponentModel> realmsComponents = new ArrayList<>();
    private final List<ComponentModel> otherRealmsComponents = new ArrayList<>();
    private final RealmModel realm = realm("realm-1", realmsComponents);

    @BeforeEach
    void two_realms() {
        RealmModel other = realm("realm-2", otherRealmsComponents);
        RealmProvider realms = mock(RealmProvider.class);
        when(realms.getRealmsStream()).thenAnswer(call -> Stream.of(realm, other));
        when(session.realms()).thenReturn(realms);
    }

    @Test
    void every_read_of_the_form_holds_a_new_key_of_the_servers_shape_as_the_key_fields_default() {
        String first = shownKey(page.getConfigProperties());
        String second = shownKey(page.getConfigProperties());

        assertThat(first).matches("[0-9A-F]{32}-[A-Za-z0-9_-]{43}");
        assertThat(second).matches("[0-9A-F]{32}-[A-Za-z0-9_-]{43}").isNotEqualTo(first);
        assertThat(page.getConfigProperties()).extracting(ProviderConfigProperty::getName)
                .as("the rest of the form is the key's").contains("name", "scopes", "allowedApplications", "secretHash");
    }

    @Test
    void saving_the_create_form_keeps_the_keys_id_and_the_hash_of_its_secret_never_the_key() {
        String key = shownKey(page.getConfigProperties());
        ComponentModel model = fromTheCreateForm(key);

        page.validateConfiguration(session, realm, model);

        assertThat(model.getId()).isEqualTo(key.substring(0, 32));
        assertThat(ApiKeys.matches(key, model.get("secretHash"))).isTrue();
        assertThat(model.get("apiKey")).as("what the key's page shows from now on").isEqualTo("(shown once, when the key was made)");
        assertThat(model.getConfig().toString()).doesNotContain(key.substring(33));
    }

    @Test
    void a_key_saved_already_in_any_realm_is_refused_so_one_form_cannot_make_two_keys() {
        String key = savedFromANewForm(otherRealmsComponents);

        assertThatThrownBy(() -> page.validateConfiguration(session, realm, fromTheCreateForm(key)))
                .isInstanceOf(ComponentValidationException.class)
                .hasMessageContaining("apiKey").hasMessageContaining("reload the page");
    }

    @Test
    void a_missing_or_made_up_key_is_refused_naming_the_field() {
        for (String key : new String[] {null, "", "secret", "0123456789ABCDEF0123456789ABCDEF-tooShort",
                "0123456789abcdef0123456789abcdef-" + "A".repeat(43)}) {
            assertThatThrownBy(() -> page.validateConfiguration(session, realm, fromTheCreateForm(key)))
                    .as(String.valueOf(key)).isInstanceOf(ComponentValidationException.class)
                    .hasMessageContaining("apiKey : must be the key the create form holds");
        }
    }

    @Test
    void an_update_keeps_its_id_and_hash_and_drops_a_key_the_form_still_holds() {
        String key = savedFromANewForm(realmsComponents);
        ComponentModel saved = realmsComponents.get(0);
        ComponentModel update = new ComponentModel(saved);
        update.put("apiKey", key);
        update.put("name", "billing, renamed");

        page.validateConfiguration(session, realm, update);

        assertThat(update.getId()).isEqualTo(saved.getId());
        assertThat(update.get("secretHash")).isEqualTo(saved.get("secretHash"));
        assertThat(update.get("apiKey")).isEqualTo("(shown once, when the key was made)");
    }

    /** A key from a new form, saved and stored among {@code components}; returns the key. */
    private String savedFromANewForm(List<ComponentModel> components) {
        String key = shownKey(page.getConfigProperties());
        ComponentModel saved = fromTheCreateForm(key);
        page.validateConfiguration(session, realm, saved);
        components.add(saved);
        return key;
    }

    private ComponentModel fromTheCreateForm(String key) {
        ComponentModel m = new ComponentModel();
        m.setParentId("realm-1");
        m.setProviderId(ApiKeyComponentFactory.ID);
        m.setProviderType("org.keycloak.services.ui.extend.UiPageProvider");
        m.put("name", "billing");
        m.getConfig().put("scopes", List.of("2fa:pin:send"));
        if (key != null) {
            m.put("apiKey", key);
        }
        return m;
    }

    private static String shownKey(List<ProviderConfigProperty> form) {
        return form.stream().filter(p -> p.getName().equals("apiKey")).findFirst().orElseThrow().getDefaultValue().toString();
    }

    private static RealmModel realm(String id, List<ComponentModel> components) {
        RealmModel realm = mock(RealmModel.class);
        when(realm.getId()).thenReturn(id);
        when(realm.getComponent(anyString())).thenAnswer(call -> components.stream()
                .filter(m -> call.getArgument(0).equals(m.getId())).findFirst().orElse(null));
        when(realm.getComponentsStream(anyString())).thenAnswer(call -> components.stream()
                .filter(m -> call.getArgument(0).equals(m.getParentId())));
        return realm;
    }
}
