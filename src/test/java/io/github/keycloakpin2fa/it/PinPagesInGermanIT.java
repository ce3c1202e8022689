package io.github.keycloakpin2fa.it;

import static io.github.keycloakpin2fa.it.PhoneEnrolmentIT.wrong;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.keycloakpin2fa.it.browser.AccountConsole;
import io.github.keycloakpin2fa.it.browser.Browser;
import io.github.keycloakpin2fa.it.browser.DemoUsers;
import io.github.keycloakpin2fa.it.browser.DemoUsers.User;
import io.github.keycloakpin2fa.it.browser.DevOutboxReader;
import io.github.keycloakpin2fa.it.browser.LoginPage;
import io.github.keycloakpin2fa.it.browser.PinLoginPage;
import io.github.keycloakpin2fa.testing.KeycloakServer;
import io.github.keycloakpin2fa.testing.RealKeycloak;
import org.junit.jupiter.api.Test;

/** A user whose browser prefers German logs in. */
@RealKeycloak
class PinPagesInGermanIT {

    @Test
    void the_pin_page_and_its_errors_speak_german(KeycloakServer keycloak) {
        DemoUsers users = new DemoUsers(keycloak);
        DevOutboxReader outbox = new DevOutboxReader(keycloak, DemoUsers.REALM);
        User user = users.withPhone();
        String masked = "+41 ••• ••• " + user.phone().substring(user.phone().length() - 2);

        try (Browser browser = new Browser(keycloak.baseUrl(), "de")) {
            LoginPage.openAccountConsole(browser, DemoUsers.REALM).logIn(user.username(), DemoUsers.PASSWORD);
            PinLoginPage page = new PinLoginPage(browser);
            String pin = outbox.latestTo(user.phone()).pin();

            assertThat(page.title()).isEqualTo("PIN eingeben");
            assertThat(page.sentTo()).isEqualTo("Wir haben eine PIN per SMS an " + masked + " gesendet.");

            browser.reload(); // as switching the language does
            page = new PinLoginPage(browser);
            page.enterPin(wrong(pin));
            page = new PinLoginPage(browser);
            browser.screenshot("pin-login-wrong-pin-de");
            assertThat(page.pinError()).isEqualTo("Diese PIN ist nicht richtig. Noch 4 Versuche.");

            page.enterPin(pin);
            new AccountConsole(browser);
        }
        assertThat(outbox.messagesTo(user.phone())).as("reloading sent no other PIN").hasSize(1);
    }
}
