package io.github.keycloakpin2fa.storage.realm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.github.keycloakpin2fa.engine.guard.SendProtection;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.models.RealmModel;

class ComponentRulesTest {

    private static final String REALM_ID = "realm-1";
    private final List<ComponentModel> stored = new ArrayList<>();
    private RealmModel realm;

    @BeforeEach
    void a_realm_with_one_application() {
        realm = mock(RealmModel.class);
        when(realm.getId()).thenReturn(REALM_ID);
        when(realm.getComponentsStream(anyString())).thenAnswer(call -> stored.stream()
                .filter(m -> call.getArgument(0).equals(m.getParentId())));
        when(realm.getComponent(anyString())).thenAnswer(call -> stored.stream()
                .filter(m -> call.getArgument(0).equals(m.getId())).findFirst().orElse(null));
        stored.add(application("A1", "Shop login"));
    }

    @Test
    void a_template_saved_in_the_console_names_its_application_and_gets_its_id_and_a_clean_config() {
        ComponentModel template = component(null, MessageTemplateComponentFactory.ID);
        template.put("application", "Shop login");
        template.put("messageText", "Your Shop PIN is {{pin}}");
        template.put("pinType", "NUMERIC");
        template.put("name", "Shop text");
        // what the console's form adds from its route
        template.put("realm", "demo");
        template.put("providerId", MessageTemplateComponentFactory.ID);

        ComponentRules.check(realm, template, 42);

        assertThat(template.get("applicationId")).isEqualTo("A1");
        assertThat(template.getName()).isEqualTo("Shop text");
        assertThat(template.get("createdAt")).isEqualTo("42");
        assertThat(template.getConfig()).doesNotContainKeys("realm", "providerId");
        assertThat(new RealmPinConfig(realmWith(template), 0).templates("A1")).singleElement()
                .satisfies(t -> assertThat(t.applicationId()).isEqualTo("A1"));
    }

    @Test
    void a_template_for_an_unknown_or_ambiguous_application_name_is_refused_naming_the_field() {
        ComponentModel template = component(null, MessageTemplateComponentFactory.ID);
        template.put("application", "Nobody");
        template.put("messageText", "PIN {{pin}}");
        assertThatThrownBy(() -> ComponentRules.check(realm, template, 1))
                .isInstanceOf(ComponentValidationException.class).hasMessageContaining("application")
                .hasMessageContaining("no 2FA application is named \"Nobody\"");

        stored.add(application("A2", "Shop login"));
        template.put("application", "Shop login");
        assertThatThrownBy(() -> ComponentRules.check(realm, template, 1))
                .hasMessageContaining("several 2FA applications are named \"Shop login\"");
    }

    @Test
    void an_application_from_the_console_keeps_its_name_in_config_and_as_the_components_name_and_gets_a_process_id() {
        ComponentModel app = component(null, ApplicationComponentFactory.ID);
        app.put("name", " Newsletter ");
        app.put("pinTimeToLive", "2m");

        ComponentRules.check(realm, app, 7);

        assertThat(app.getName()).isEqualTo("Newsletter");
        assertThat(app.get("name")).isEqualTo("Newsletter");
        assertThat(app.get("processId")).matches("[0-9A-F]{32}");
        assertThatThrownBy(() -> {
            app.put("pinTimeToLive", "2 minutes");
            ComponentRules.check(realm, app, 7);
        }).isInstanceOf(ComponentValidationException.class).hasMessageContaining("pinTimeToLive");
    }

    @Test
    void no_write_stores_an_api_keys_whole_key_new_or_not() {
        ComponentModel fromTheCreateForm = component("K1", ApiKeyComponentFactory.ID);
        fromTheCreateForm.put("name", "billing");
        fromTheCreateForm.put("secretHash", "h");
        fromTheCreateForm.getConfig().put("scopes", List.of("2fa:pin:send"));
        fromTheCreateForm.put("apiKey", "K1-secret");
        ComponentRules.check(realm, fromTheCreateForm, 1);
        assertThat(fromTheCreateForm.get("apiKey")).as("only the hash is kept; the field keeps a note")
                .isEqualTo("(shown once, when the key was made)");
        assertThat(fromTheCreateForm.get("secretHash")).isEqualTo("h");

        stored.add(fromTheCreateForm);
        ComponentModel keptByAnEarlierVersion = component("K1", ApiKeyComponentFactory.ID);
        keptByAnEarlierVersion.put("name", "billing, renamed");
        keptByAnEarlierVersion.put("secretHash", "h");
        keptByAnEarlierVersion.put("apiKey", "K1-secret");

        ComponentRules.check(realm, keptByAnEarlierVersion, 1);

        assertThat(keptByAnEarlierVersion.get("apiKey")).as("an update drops it too")
                .isEqualTo("(shown once, when the key was made)");
        assertThat(keptByAnEarlierVersion.getName()).isEqualTo("billing, renamed");
    }

    @Test
    void an_applications_protection_from_the_console_is_kept_checked_and_stored_in_full() {
        ComponentModel app = component(null, ApplicationComponentFactory.ID);
        app.put("name", "Shop login");
        app.getConfig().put("allowedCountries", List.of("ch", "DE"));
        app.getConfig().put("blockedNumberTypes", List.of(""));
        app.put("sendPinPerCountryLimit", "200/1h");
        app.put("pumpingMinSends", " ");

        ComponentRules.check(realm, app, 1, region -> true);

        SendProtection p = ComponentCodec.protection(app);
        assertThat(p.allowedCountries()).containsExactlyInAnyOrder("CH", "DE");
        assertThat(p.blockedNumberTypes()).as("an empty choice keeps the high-cost ranges blocked")
                .isEqualTo(SendProtection.HIGH_COST);
        assertThat(p.sendPinPerCountryLimit().toString()).isEqualTo("200/1h");
        assertThat(p.pumping().minSends()).as("blank: the default").isEqualTo(SendProtection.DEFAULTS.pumping().minSends());
        assertThat(app.get("pumpingThrottledLimit")).as("every field stored, as the form shows it")
                .isEqualTo(SendProtection.DEFAULTS.pumping().throttledLimit().toString());

        app.getConfig().put("blockedNumberTypes", List.of("NONE"));
        ComponentRules.check(realm, app, 1, region -> true);
        assertThat(ComponentCodec.protection(app).blockedNumberTypes()).as("NONE: nothing blocked").isEmpty();

        app.getConfig().put("blockedCountries", List.of("XX"));
        assertThatThrownBy(() -> ComponentRules.check(realm, app, 1, region -> !region.equals("XX")))
                .isInstanceOf(ComponentValidationException.class).hasMessageContaining("security.blockedCountries");
        app.getConfig().remove("blockedCountries");
        app.put("pumpingWindow", "2d");
        assertThatThrownBy(() -> ComponentRules.check(realm, app, 1))
                .isInstanceOf(ComponentValidationException.class).hasMessageContaining("security.pumpingProtection.window");
    }

    @Test
    void an_application_without_protection_settings_gets_none_written() {
        ComponentModel app = component(null, ApplicationComponentFactory.ID);
        app.put("name", "API app");

        ComponentRules.check(realm, app, 1);

        assertThat(app.getConfig().keySet()).noneMatch(ComponentCodec.PROTECTION_KEYS::containsKey);
        assertThat(ComponentCodec.protection(app)).isEqualTo(SendProtection.DEFAULTS);
    }

    @Test
    void protection_stored_under_the_first_dotted_keys_is_read_and_moved_on_the_next_write() {
        ComponentModel app = component(null, ApplicationComponentFactory.ID);
        app.put("name", "Guarded");
        app.getConfig().put("security.allowedCountries", List.of("CH"));
        app.put("security.pumpingProtection.throttledLimit", "5/1h");
        assertThat(ComponentCodec.protection(app).allowedCountries()).containsExactly("CH");

        ComponentRules.check(realm, app, 1);

        assertThat(app.getConfig().keySet()).noneMatch(k -> k.startsWith("security."));
        assertThat(app.getConfig().get("allowedCountries")).containsExactly("CH");
        assertThat(app.get("pumpingThrottledLimit")).isEqualTo("5/1h");
    }

    @Test
    void an_api_key_from_the_console_names_its_applications_and_stores_their_ids() {
        stored.add(application("A2", "Newsletter"));
        ComponentModel key = apiKey(null);
        key.getConfig().put("allowedApplications", List.of("Newsletter", " ", "Shop login"));

        ComponentRules.check(realm, key, 1);

        assertThat(key.getConfig().get("applications")).containsExactly("A2", "A1");
        assertThat(ComponentCodec.apiKey(key).applications()).containsExactlyInAnyOrder("A1", "A2");

        ComponentModel unknown = apiKey(null);
        unknown.getConfig().put("allowedApplications", List.of("Nobody"));
        assertThatThrownBy(() -> ComponentRules.check(realm, unknown, 1)).isInstanceOf(ComponentValidationException.class)
                .hasMessageContaining("allowedApplications").hasMessageContaining("no 2FA application is named \"Nobody\"");
    }

    @Test
    void an_api_key_restricted_by_id_shows_the_names_and_keeps_a_deleted_applications_id() {
        ComponentModel key = apiKey("K1");
        key.getConfig().put("applications", List.of("A1", "GONE"));

        ComponentRules.check(realm, key, 1);

        assertThat(key.getConfig().get("allowedApplications")).containsExactly("Shop login", "GONE");
        assertThat(key.getConfig().get("applications")).containsExactly("A1", "GONE");

        stored.add(key);
        ComponentModel form = apiKey("K1");
        form.getConfig().put("applications", List.of("A1", "GONE"));
        form.getConfig().put("allowedApplications", List.of("GONE"));
        ComponentRules.check(realm, form, 1);
        assertThat(form.getConfig().get("applications")).as("the admin removed one; never widened to all")
                .containsExactly("GONE");

        ComponentModel cleared = apiKey("K1");
        cleared.getConfig().put("applications", List.of("A1", "GONE"));
        ComponentRules.check(realm, cleared, 1);
        assertThat(cleared.getConfig()).as("the admin cleared the list: all applications")
                .doesNotContainKeys("applications", "allowedApplications");

        ComponentModel imported = apiKey("K2");
        imported.getConfig().put("applications", List.of("LATER"));
        imported.getConfig().put("allowedApplications", List.of("Imported later"));
        ComponentRules.check(realm, imported, 1);
        assertThat(imported.getConfig().get("applications")).as("an import may bring the key before its application")
                .containsExactly("LATER");
    }

    private static ComponentModel apiKey(String id) {
        ComponentModel key = component(id, ApiKeyComponentFactory.ID);
        key.put("name", "billing");
        key.put("secretHash", "h");
        key.getConfig().put("scopes", List.of("2fa:pin:send"));
        return key;
    }

    private RealmModel realmWith(ComponentModel extra) {
        stored.add(extra);
        return realm;
    }

    private static ComponentModel application(String id, String name) {
        ComponentModel m = component(id, ApplicationComponentFactory.ID);
        m.setName(name);
        m.put("name", name);
        return m;
    }

    private static ComponentModel component(String id, String providerId) {
        ComponentModel m = new ComponentModel();
        m.setId(id);
        m.setParentId(REALM_ID);
        m.setProviderId(providerId);
        m.setProviderType(PinComponentTypes.OWN);
        return m;
    }
}
