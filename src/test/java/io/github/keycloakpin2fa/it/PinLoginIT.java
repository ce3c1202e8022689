package io.github.keycloakpin2fa.it;

import static io.github.keycloakpin2fa.it.PhoneEnrolmentIT.wrong;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.keycloakpin2fa.it.browser.AccountConsole;
import io.github.keycloakpin2fa.it.browser.Browser;
import io.github.keycloakpin2fa.it.browser.DemoUsers;
import io.github.keycloakpin2fa.it.browser.DemoUsers.User;
import io.github.keycloakpin2fa.it.browser.DevOutboxReader;
import io.github.keycloakpin2fa.it.browser.LoginPage;
import io.github.keycloakpin2fa.it.browser.PinLoginPage;
import io.github.keycloakpin2fa.testing.KeycloakServer;
import io.github.keycloakpin2fa.testing.RealKeycloak;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.support.ui.FluentWait;

/**
 * A user with an enrolled phone logs in to the demo realm: password, then a PIN by SMS. The demo
 * application gives each PIN 5 attempts and 5 minutes, and allows 3 verifications a second per
 * number; the resend cooldown is 30 seconds. Time moves with Keycloak's clock, never by waiting.
 */
@RealKeycloak
class PinLoginIT {

    private KeycloakServer keycloak;
    private DemoUsers users;
    private DevOutboxReader outbox;
    private Browser browser;
    private User user;

    @BeforeEach
    void a_user_with_a_phone_opens_the_account_console(KeycloakServer keycloak) {
        this.keycloak = keycloak;
        this.users = new DemoUsers(keycloak);
        this.outbox = new DevOutboxReader(keycloak, DemoUsers.REALM);
        this.user = users.withPhone();
        this.browser = new Browser(keycloak.baseUrl());
    }

    @AfterEach
    void close() {
        try {
            browser.close();
        } finally {
            keycloak.setTimeOffset(0);
        }
    }

    private PinLoginPage logInWithPassword() {
        LoginPage.openAccountConsole(browser, DemoUsers.REALM).logIn(user.username(), DemoUsers.PASSWORD);
        return new PinLoginPage(browser);
    }

    private String masked() {
        return "+41 ••• ••• " + user.phone().substring(user.phone().length() - 2);
    }

    @Test
    void logs_in_with_the_pin_sent_by_sms(KeycloakServer keycloak) {
        PinLoginPage page = logInWithPassword();
        browser.screenshot("pin-login");

        assertThat(page.title()).isEqualTo("Enter your PIN");
        assertThat(page.sentTo()).isEqualTo("We sent a PIN by text message to " + masked() + ".");
        assertThat(page.pinField().getAttribute("type")).isEqualTo("text");
        assertThat(page.pinField().getAttribute("autocomplete")).isEqualTo("one-time-code");
        assertThat(page.pinField().getAttribute("inputmode")).isEqualTo("numeric");
        assertThat(page.offersCall()).as("the demo step allows 'call me instead'").isTrue();
        List<DevOutboxReader.Message> sent = outbox.messagesTo(user.phone());
        assertThat(sent).singleElement().satisfies(m -> assertThat(m.channel()).isEqualTo("SMS"));

        page.enterPin(sent.get(0).pin());

        new AccountConsole(browser);
        List<JsonNode> logins = users.events(user.id(), "LOGIN");
        assertThat(logins).isNotEmpty();
        assertThat(logins.get(0).path("details").path("credential_type").asText()).isEqualTo("pin-2fa-phone");
    }

    @Test
    void a_pin_form_submitted_by_a_script_without_its_button_is_a_verify() {
        PinLoginPage page = logInWithPassword();
        String pin = outbox.latestTo(user.phone()).pin();

        page.submitPinByScript(wrong(pin));
        page = new PinLoginPage(browser);
        assertThat(page.pinError()).as("a wrong PIN, not an error page").isEqualTo("That PIN is not right. 4 attempts left.");

        keycloak.setTimeOffset(2);
        page.submitPinByScript(pin);
        new AccountConsole(browser);
        assertThat(outbox.messagesTo(user.phone())).as("no submit sent another PIN").hasSize(1);
    }

    @Test
    void reloading_the_page_sends_no_other_pin() {
        PinLoginPage page = logInWithPassword();
        String pin = outbox.latestTo(user.phone()).pin();

        browser.reload();
        page = new PinLoginPage(browser);
        browser.reload();
        page = new PinLoginPage(browser);

        assertThat(outbox.messagesTo(user.phone())).hasSize(1);
        assertThat(page.sentTo()).contains(masked());
        page.enterPin(pin);
        new AccountConsole(browser);
    }

    @Test
    void a_wrong_pin_says_how_many_attempts_are_left_and_counts_as_a_failed_login() {
        PinLoginPage page = logInWithPassword();
        String pin = outbox.latestTo(user.phone()).pin();

        page.enterPin(wrong(pin));
        page = new PinLoginPage(browser);
        browser.screenshot("pin-login-wrong-pin");
        assertThat(page.pinError()).isEqualTo("That PIN is not right. 4 attempts left.");
        assertThat(page.pinField().getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(page.pinField().getAttribute("aria-describedby")).contains("input-error-pin");

        // Two failures within a second look like a script to Keycloak's brute-force protection
        // ("quick login check"); a person takes longer, and so does the clock here.
        keycloak.setTimeOffset(2);
        page.enterPin("12");
        page = new PinLoginPage(browser);
        assertThat(page.pinError()).isEqualTo("That PIN is not right. 3 attempts left.");

        keycloak.setTimeOffset(4);
        page.enterPin(pin);
        new AccountConsole(browser);

        List<JsonNode> failures = users.events(user.id(), "LOGIN_ERROR");
        assertThat(failures).hasSize(2).allSatisfy(e -> {
            assertThat(e.path("error").asText()).isEqualTo("invalid_user_credentials");
            assertThat(e.path("details").path("credential_type").asText()).isEqualTo("pin-2fa-phone");
            assertThat(e.toString()).as("no event carries the PIN").doesNotContain(pin).doesNotContain(wrong(pin));
        });
        assertThat(failures).extracting(e -> e.path("details").path("pin_attempts_remaining").asText()).containsExactly("3", "4");
    }

    @Test
    void after_the_last_attempt_only_starting_over_helps() {
        PinLoginPage page = logInWithPassword();
        String pin = outbox.latestTo(user.phone()).pin();

        for (int attempt = 1; attempt <= 5; attempt++) {
            // The demo app verifies at most 3 PINs a second per number, and Keycloak takes failures
            // within a second for a script: time passes as it would for a person.
            keycloak.setTimeOffset(2 * attempt);
            page.enterPin(wrong(pin));
            page = new PinLoginPage(browser);
        }
        browser.screenshot("pin-login-no-more-attempts");

        assertThat(page.alert()).isEqualTo("That PIN is not right. No attempts left: start over to get a new PIN.");
        assertThat(page.canEnterPin()).as("no field for a used-up PIN").isFalse();
        assertThat(page.offersStartOver()).isTrue();
        String path = "/realms/demo/attack-detection/brute-force/users/" + user.id();
        new FluentWait<>(keycloak).withTimeout(Duration.ofSeconds(10)).pollingEvery(Duration.ofMillis(200))
                .withMessage(() -> "Keycloak's brute-force protection counts each wrong PIN: " + keycloak.adminGet(path).body())
                .until(k -> KeycloakServer.json(k.adminGet(path).body()).path("numFailures").asInt() == 5);

        page.startOver();
        assertThat(browser.loginPageId()).isEqualTo("login-login");
    }

    @Test
    void an_expired_pin_is_refused_and_a_new_one_works() {
        PinLoginPage page = logInWithPassword();
        String pin = outbox.latestTo(user.phone()).pin();

        keycloak.setTimeOffset(5 * 60 + 1);
        page.enterPin(pin);
        page = new PinLoginPage(browser);
        browser.screenshot("pin-login-expired");
        assertThat(page.alert()).isEqualTo("This PIN has expired. Ask for a new PIN.");
        assertThat(page.canEnterPin()).isFalse();

        page.askForNewPin();
        page = new PinLoginPage(browser);
        assertThat(page.alert()).isEqualTo("We sent you a new PIN. Only the newest PIN works.");
        List<DevOutboxReader.Message> sent = outbox.messagesTo(user.phone());
        assertThat(sent).hasSize(2);

        page.enterPin(sent.get(0).pin());
        new AccountConsole(browser);
    }

    @Test
    void the_pin_can_be_sent_again_only_after_the_cooldown_and_it_is_the_same_pin() {
        PinLoginPage page = logInWithPassword();
        String first = outbox.latestTo(user.phone()).pin();
        // The countdown runs on the wall clock: a loaded machine may take seconds between the pages.
        assertThat(page.resendWait()).matches("You can have the PIN sent again in (30|2[0-9]) seconds\\.");

        page.askForNewPin();
        page = new PinLoginPage(browser);
        browser.screenshot("pin-login-resend-too-early");
        assertThat(page.alert()).matches("Please wait (30|2[0-9]) seconds before asking for another PIN\\.");
        assertThat(outbox.messagesTo(user.phone())).as("the server refused the early resend").hasSize(1);

        keycloak.setTimeOffset(31);
        browser.reload();
        page = new PinLoginPage(browser);
        assertThat(page.resendWait()).isNull();
        page.askForNewPin();
        page = new PinLoginPage(browser);
        browser.screenshot("pin-login-sent-again");
        assertThat(page.alert()).isEqualTo("We sent your PIN again. It is the same PIN as before.");
        List<DevOutboxReader.Message> sent = outbox.messagesTo(user.phone());
        assertThat(sent).hasSize(2);
        assertThat(sent.get(0).pin()).as("a resend sends the same PIN").isEqualTo(first);

        page.enterPin(first);
        new AccountConsole(browser);
    }

    @Test
    void call_me_instead_reads_out_the_same_pin_and_a_late_sms_still_works() {
        PinLoginPage page = logInWithPassword();
        String texted = outbox.latestTo(user.phone()).pin();
        keycloak.setTimeOffset(31);
        browser.reload();
        page = new PinLoginPage(browser);

        page.callMeInstead();
        page = new PinLoginPage(browser);
        browser.screenshot("pin-login-call-me-instead");
        assertThat(page.sentTo()).isEqualTo("We are calling " + masked() + " to read you a PIN.");
        assertThat(page.alert()).isEqualTo("We sent your PIN again. It is the same PIN as before.");
        DevOutboxReader.Message call = outbox.latestTo(user.phone());
        assertThat(call.channel()).isEqualTo("VOICE");
        assertThat(call.pin()).as("the call reads out the PIN of the text message").isEqualTo(texted);

        page.enterPin(texted);
        new AccountConsole(browser);
    }
}
