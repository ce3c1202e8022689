package io.github.keycloakpin2fa.login;

import static io.github.keycloakpin2fa.storage.realm.RealmOfComponents.component;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

import io.github.keycloakpin2fa.storage.realm.RealmOfComponents;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/** Which application and templates the login step's settings lead to, on a realm of components. */
class StepRouteTest {

    private final RealmModel realm = RealmOfComponents.realm(List.of(
            component("A1", "2fa-application", "Shop login", null, 1, Map.of("pinTimeToLive", "5m")),
            component("S1", "2fa-message-template", "Text", "A1", 2, Map.of("pinType", "NUMERIC", "messageText", "PIN is {{pin}}")),
            component("E1", "2fa-email-template", "Mail", "A1", 3, Map.of("pinType", "NUMERIC", "emailTemplateId", "1"))));

    @Test
    void a_step_without_email_uses_no_email_template_even_one_its_settings_name_wrongly() {
        PinConversation.Route route = PinAuthenticator.resolve(mock(KeycloakSession.class), realm, new PinStepConfig(Map.of(
                PinStepConfig.APPLICATION_ID, "A1", PinStepConfig.SMS_TEMPLATE_ID, "S1", PinStepConfig.EMAIL_TEMPLATE, "No such mail")));

        assertThat(route).isEqualTo(new PinConversation.Route("A1", "S1", null));
    }

    @Test
    void a_step_with_email_finds_its_email_template_and_is_unusable_without_the_one_it_names() {
        Map<String, String> settings = Map.of(PinStepConfig.APPLICATION_ID, "A1", PinStepConfig.SMS_TEMPLATE_ID, "S1",
                PinStepConfig.ALLOW_EMAIL, "true");
        assertThat(PinAuthenticator.resolve(mock(KeycloakSession.class), realm, new PinStepConfig(settings)))
                .isEqualTo(new PinConversation.Route("A1", "S1", "E1"));

        Map<String, String> naming = new java.util.HashMap<>(settings);
        naming.put(PinStepConfig.EMAIL_TEMPLATE, "No such mail");
        assertThat(PinAuthenticator.resolve(mock(KeycloakSession.class), realm, new PinStepConfig(naming)).usable()).isFalse();
    }
}
