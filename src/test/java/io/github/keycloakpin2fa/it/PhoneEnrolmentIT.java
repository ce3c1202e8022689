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
import io.github.keycloakpin2fa.it.browser.PinLoginPage;
import io.github.keycloakpin2fa.testing.KeycloakServer;
import io.github.keycloakpin2fa.testing.RealKeycloak;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A user without a phone reaches the PIN step of the demo realm's browser flow. */
@RealKeycloak
class PhoneEnrolmentIT {

    @Test
    void enrols_a_phone_on_first_login_and_logs_in_with_a_pin_next_time(KeycloakServer keycloak) {
        DemoUsers users = new DemoUsers(keycloak);
        DevOutboxReader outbox = new DevOutboxReader(keycloak, DemoUsers.REALM);
        User user = users.withoutPhone();
        String phone = DemoUsers.newPhoneNumber();                       // +4179xxxxxxx
        String typed = "079 " + phone.substring(5, 8) + " " + phone.substring(8); // national, as a Swiss user types it
        String masked = "+41 ••• ••• " + phone.substring(phone.length() - 2);

        try (Browser browser = new Browser(keycloak.baseUrl())) {
            LoginPage.openAccountConsole(browser, DemoUsers.REALM).logIn(user.username(), DemoUsers.PASSWORD);

            EnrolPhonePage enrol = new EnrolPhonePage(browser);
            browser.screenshot("enrol-phone");
            assertThat(enrol.title()).isEqualTo("Add your phone");
            assertThat(enrol.phoneField().getAttribute("type")).isEqualTo("tel");

            enrol.enterPhone("12345");
            enrol = new EnrolPhonePage(browser);
            browser.screenshot("enrol-phone-invalid");
            assertThat(enrol.phoneError()).isEqualTo("This is not a valid mobile number. Check the number and its country code.");
            assertThat(enrol.phoneField().getAttribute("aria-invalid")).isEqualTo("true");
            assertThat(enrol.phoneField().getAttribute("aria-describedby")).contains("input-error-phone");
            assertThat(outbox.messagesTo(phone)).isEmpty();

            enrol.enterPhone(typed);
            EnrolConfirmPage confirm = new EnrolConfirmPage(browser);
            browser.screenshot("enrol-confirm");
            assertThat(confirm.sentTo()).isEqualTo("We sent a PIN by text message to " + masked + ".");
            assertThat(users.phoneCredentials(user.id())).as("nothing enrolled before the PIN is confirmed").isEmpty();
            String pin = outbox.latestTo(phone).pin();

            confirm.confirm(wrong(pin));
            confirm = new EnrolConfirmPage(browser);
            assertThat(confirm.pinError()).isEqualTo("That PIN is not right. 4 attempts left.");
            assertThat(users.phoneCredentials(user.id())).isEmpty();

            confirm.confirm(pin);
            new AccountConsole(browser);
        }

        List<JsonNode> phones = users.phoneCredentials(user.id());
        assertThat(phones).hasSize(1);
        assertThat(phones.get(0).path("credentialData").asText()).contains(phone);
        assertThat(phones.get(0).path("userLabel").asText()).isEqualTo(masked);
        assertThat(users.events(user.id(), "UPDATE_CREDENTIAL"))
                .anySatisfy(e -> assertThat(e.path("details").path("credential_type").asText()).isEqualTo("pin-2fa-phone"));

        try (Browser browser = new Browser(keycloak.baseUrl())) {
            LoginPage.openAccountConsole(browser, DemoUsers.REALM).logIn(user.username(), DemoUsers.PASSWORD);
            PinLoginPage pinPage = new PinLoginPage(browser);
            assertThat(pinPage.sentTo()).isEqualTo("We sent a PIN by text message to " + masked + ".");

            pinPage.enterPin(outbox.latestTo(phone).pin());
            new AccountConsole(browser);
        }
    }

    // A number someone else enrolled: see LoginAbuseIT (the same answer as a free number until
    // the PIN is confirmed, and two users racing for one number).

    static String wrong(String pin) {
        char first = pin.charAt(0);
        return (first == '9' ? '0' : (char) (first + 1)) + pin.substring(1);
    }
}
