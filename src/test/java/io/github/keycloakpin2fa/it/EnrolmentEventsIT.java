package io.github.keycloakpin2fa.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.keycloakpin2fa.it.browser.AccountConsole;
import io.github.keycloakpin2fa.it.browser.Browser;
import io.github.keycloakpin2fa.it.browser.DemoUsers;
import io.github.keycloakpin2fa.it.browser.DemoUsers.User;
import io.github.keycloakpin2fa.it.browser.DevOutboxReader;
import io.github.keycloakpin2fa.it.browser.EnrolConfirmPage;
import io.github.keycloakpin2fa.it.browser.EnrolPhonePage;
import io.github.keycloakpin2fa.it.browser.LoginPage;
import io.github.keycloakpin2fa.testing.KeycloakServer;
import io.github.keycloakpin2fa.testing.RealKeycloak;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A realm admin reads under Events what happened during a user's phone enrolment. */
@RealKeycloak
class EnrolmentEventsIT {

    @Test
    void every_failed_step_of_the_enrolment_is_an_update_credential_error(KeycloakServer keycloak) {
        DemoUsers users = new DemoUsers(keycloak);
        DevOutboxReader outbox = new DevOutboxReader(keycloak, DemoUsers.REALM);
        User user = users.withoutPhone();
        String phone = DemoUsers.newPhoneNumber();

        try (Browser browser = new Browser(keycloak.baseUrl())) {
            LoginPage.openAccountConsole(browser, DemoUsers.REALM).logIn(user.username(), DemoUsers.PASSWORD);
            new EnrolPhonePage(browser).enterPhone("12345");
            new EnrolPhonePage(browser).enterPhone(phone);
            String pin = outbox.latestTo(phone).pin();
            new EnrolConfirmPage(browser).confirm(PhoneEnrolmentIT.wrong(pin));
            new EnrolConfirmPage(browser).confirm(pin);
            new AccountConsole(browser);
        }

        List<JsonNode> errors = users.events(user.id(), "UPDATE_CREDENTIAL_ERROR");
        assertThat(errors).hasSize(2);
        assertThat(errors).allSatisfy(e -> assertThat(e.path("details").path("credential_type").asText()).isEqualTo("pin-2fa-phone"));
        assertThat(errors).anySatisfy(e -> {
            assertThat(e.path("error").asText()).isEqualTo("invalid_input");
            assertThat(e.path("details").path("reason").asText()).isEqualTo("pinPhoneInvalid");
        });
        assertThat(errors).anySatisfy(e -> {
            assertThat(e.path("error").asText()).isEqualTo("invalid_code");
            assertThat(e.path("details").path("reason").asText()).isEqualTo("pinWrong");
        });
        String pin = outbox.latestTo(phone).pin();
        assertThat(errors).allSatisfy(e -> assertThat(e.path("details").toString()).as("no PIN and no number in the details")
                .doesNotContain(phone.substring(1)).doesNotContain("\"" + pin + "\""));
        assertThat(users.events(user.id(), "UPDATE_CREDENTIAL")).hasSize(1);
    }
}
