package io.github.keycloakpin2fa.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.github.keycloakpin2fa.storage.realm.LoginDefaults;
import io.github.keycloakpin2fa.storage.realm.RealmOfComponents;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.component.ComponentModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

class StepTargetsTest {

    private final List<ComponentModel> stored = new ArrayList<>();
    private final KeycloakSession session = mock(KeycloakSession.class);
    private RealmModel realm;

    @BeforeEach
    void a_realm_with_two_applications_and_their_templates() {
        realm = RealmOfComponents.realm(stored);
        stored.add(component("A1", "2fa-application", "Shop login", null, 1));
        stored.add(component("A2", "2fa-application", "Newsletter", null, 2));
        stored.add(component("S1", "2fa-message-template", "Long text", "A1", 3));
        stored.add(component("S2", "2fa-message-template", "Short text", "A1", 4));
        stored.add(component("E1", "2fa-email-template", "Mail", "A1", 5));
        stored.add(component("S3", "2fa-message-template", "Short text", "A2", 6));
    }

    @Test
    void names_pick_the_application_and_its_templates() {
        StepTargets.Resolution r = StepTargets.resolve(session, realm,
                new StepTargets.Choice(null, "Shop login", null, "Short text", null, "Mail"), true);

        assertThat(r).isEqualTo(new StepTargets.Found("A1", "S2", "E1"));
    }

    @Test
    void without_template_names_the_applications_oldest_templates_are_used() {
        assertThat(StepTargets.resolve(session, realm, new StepTargets.Choice(null, "Shop login", null, null, null, null), true))
                .isEqualTo(new StepTargets.Found("A1", "S1", "E1"));
        assertThat(StepTargets.resolve(session, realm, new StepTargets.Choice(null, "Newsletter", null, null, null, null), true))
                .as("no email template: email is not offered").isEqualTo(new StepTargets.Found("A2", "S3", null));
    }

    @Test
    void a_step_that_does_not_offer_email_neither_looks_for_nor_needs_an_email_template() {
        assertThat(StepTargets.resolve(session, realm, new StepTargets.Choice(null, "Shop login", null, null, null, null), false))
                .isEqualTo(new StepTargets.Found("A1", "S1", null));
        assertThat(StepTargets.resolve(session, realm, new StepTargets.Choice("A1", null, "S2", null, null, "No such mail"), false))
                .as("a name the realm does not have is of no matter").isEqualTo(new StepTargets.Found("A1", "S2", null));
        assertThat(StepTargets.resolve(session, realm, new StepTargets.Choice("A1", null, "S2", null, null, "No such mail"), true))
                .isEqualTo(new StepTargets.Unusable("no email template of the application is named 'No such mail'"));
    }

    @Test
    void ids_of_older_settings_still_work() {
        assertThat(StepTargets.resolve(session, realm, new StepTargets.Choice("A1", null, "S2", null, null, null), true))
                .isEqualTo(new StepTargets.Found("A1", "S2", "E1"));
    }

    @Test
    void a_name_the_realm_does_not_have_or_has_twice_makes_the_step_unusable_with_the_reason() {
        assertThat(StepTargets.resolve(session, realm, new StepTargets.Choice(null, "Shop", null, null, null, null), true))
                .isEqualTo(new StepTargets.Unusable("no 2FA application is named 'Shop'"));
        assertThat(StepTargets.resolve(session, realm, new StepTargets.Choice(null, "Shop login", null, "Tiny", null, null), true))
                .isEqualTo(new StepTargets.Unusable("no SMS and voice template of the application is named 'Tiny'"));
        stored.add(component("A3", "2fa-application", "Shop login", null, 7));
        assertThat(StepTargets.resolve(session, realm, new StepTargets.Choice(null, "Shop login", null, null, null, null), true))
                .isEqualTo(new StepTargets.Unusable("more than one 2FA application is named 'Shop login'"));
    }

    @Test
    void the_defaults_have_ids_fixed_by_the_realm_so_racing_nodes_insert_the_same_rows() {
        LoginDefaults.Ids ids = LoginDefaults.idsOf(realm);
        assertThat(LoginDefaults.idsOf(realm)).isEqualTo(ids);
        assertThat(List.of(ids.applicationId(), ids.smsTemplateId(), ids.emailTemplateId()))
                .doesNotHaveDuplicates().allSatisfy(id -> assertThat(id).matches("[0-9A-F]{32}"));
        RealmModel other = mock(RealmModel.class);
        when(other.getId()).thenReturn("R2");
        assertThat(LoginDefaults.idsOf(other).applicationId()).isNotEqualTo(ids.applicationId());
    }

    private static ComponentModel component(String id, String providerId, String name, String applicationId, long createdAt) {
        Map<String, String> config = switch (providerId) {
            case "2fa-application" -> Map.of("pinTimeToLive", "5m");
            case "2fa-message-template" -> Map.of("pinType", "NUMERIC", "messageText", "PIN is {{pin}}");
            default -> Map.of("emailTemplateId", "1", "pinType", "NUMERIC");
        };
        return RealmOfComponents.component(id, providerId, name, applicationId, createdAt, config);
    }
}
