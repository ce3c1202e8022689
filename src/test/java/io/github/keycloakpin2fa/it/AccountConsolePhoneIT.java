package io.github.keycloakpin2fa.it;

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
import org.openqa.selenium.By;

/** A user finds the phone under "Signing in" in the Account Console and removes it. */
@RealKeycloak
class AccountConsolePhoneIT {

    @Test
    void the_account_console_lists_the_phone_and_removes_it(KeycloakServer keycloak) {
        DemoUsers users = new DemoUsers(keycloak);
        DevOutboxReader outbox = new DevOutboxReader(keycloak, DemoUsers.REALM);
        User user = users.withPhone();

        try (Browser browser = new Browser(keycloak.baseUrl())) {
            LoginPage.openAccountConsole(browser, DemoUsers.REALM).logIn(user.username(), DemoUsers.PASSWORD);
            new PinLoginPage(browser).enterPin(outbox.latestTo(user.phone()).pin());
            AccountConsole console = new AccountConsole(browser).openSigningIn(DemoUsers.REALM);
            browser.screenshot("account-signing-in");

            assertThat(console.phoneSectionTitle()).isEqualTo("Phone (PIN by text message)");
            assertThat(console.phoneList()).contains("test phone");
            assertThat(browser.driver().findElements(By.cssSelector("[data-testid='pin-2fa-phone/create']")))
                    .as("set up through the enrolment required action").isNotEmpty();

            console.removePhone(DemoUsers.REALM);

            assertThat(console.phoneNotSetUp()).isTrue();
        }
        assertThat(users.phoneCredentials(user.id())).isEmpty();
    }
}
