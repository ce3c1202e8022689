package io.github.keycloakpin2fa.it;

import static io.github.keycloakpin2fa.it.PhoneEnrolmentIT.wrong;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import io.github.keycloakpin2fa.testing.RealmSettings;
import io.github.keycloakpin2fa.testing.TwoFactorApi;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.support.ui.FluentWait;

/**
 * Attacks on the login step and the enrolment, as user stories in the demo realm: guessing PINs
 * without end, making a locked-out account send messages, a step set up with weak PINs, and
 * learning whether a number belongs to someone.
 */
@RealKeycloak
class LoginAbuseIT {

    /** Keycloak's own answer to a locked-out user at a code step: it does not say that the account is locked. */
    private static final String LOCKED_OUT = "Invalid authenticator code.";

    private KeycloakServer keycloak;
    private DemoUsers users;
    private DevOutboxReader outbox;

    @BeforeEach
    void demoRealm(KeycloakServer keycloak) {
        this.keycloak = keycloak;
        this.users = new DemoUsers(keycloak);
        this.outbox = new DevOutboxReader(keycloak, DemoUsers.REALM);
    }

    @AfterEach
    void clockBack() {
        keycloak.setTimeOffset(0);
    }

    @Test
    void a_user_locked_out_by_brute_force_protection_gets_no_pin_by_resend_or_by_voice() {
        User user = users.withPhone();
        realm(Map.of("failureFactor", 2));
        try (Browser browser = new Browser(keycloak.baseUrl())) {
            LoginPage.openAccountConsole(browser, DemoUsers.REALM).logIn(user.username(), DemoUsers.PASSWORD);
            PinLoginPage page = new PinLoginPage(browser);
            String pin = outbox.latestTo(user.phone()).pin();
            for (int attempt = 1; attempt <= 2; attempt++) {
                keycloak.setTimeOffset(2 * attempt);
                page.enterPin(wrong(pin));
                page = new PinLoginPage(browser);
            }
            String path = "/realms/demo/attack-detection/brute-force/users/" + user.id();
            new FluentWait<>(keycloak).withTimeout(Duration.ofSeconds(10)).pollingEvery(Duration.ofMillis(200))
                    .until(k -> KeycloakServer.json(k.adminGet(path).body()).path("disabled").asBoolean());

            keycloak.setTimeOffset(40); // past the resend cooldown, within the lockout
            browser.reload();
            page = new PinLoginPage(browser);
            page.askForNewPin();
            page = new PinLoginPage(browser);
            assertThat(page.alert()).isEqualTo(LOCKED_OUT);
            if (page.offersCall()) {
                page.callMeInstead();
            }
            assertThat(outbox.messagesTo(user.phone())).as("no PIN for a locked-out user").hasSize(1);
        } finally {
            realm(Map.of("failureFactor", 30));
        }
    }

    @Test
    void one_login_asks_for_at_most_its_sessions_budget_of_pins_and_a_new_login_starts_afresh() {
        User user = users.withPhone();
        RealmSettings.setAttributes(keycloak, DemoUsers.REALM, Map.of("pin2fa.limits.sendsPerSession", "2/1h"));
        try {
            try (Browser browser = new Browser(keycloak.baseUrl())) {
                LoginPage.openAccountConsole(browser, DemoUsers.REALM).logIn(user.username(), DemoUsers.PASSWORD);
                PinLoginPage page = new PinLoginPage(browser);
                keycloak.setTimeOffset(40); // past the resend cooldown
                page.askForNewPin();
                page = new PinLoginPage(browser);
                assertThat(outbox.messagesTo(user.phone())).as("the first PIN and its resend").hasSize(2);

                keycloak.setTimeOffset(80);
                page.askForNewPin();
                page = new PinLoginPage(browser);
                assertThat(page.alert()).matches("Too many PINs were sent to you\\. Try again in (59|60) minutes\\.");
                assertThat(outbox.messagesTo(user.phone())).as("the session's budget is spent").hasSize(2);
            }
            try (Browser browser = new Browser(keycloak.baseUrl())) {
                LoginPage.openAccountConsole(browser, DemoUsers.REALM).logIn(user.username(), DemoUsers.PASSWORD);
                new PinLoginPage(browser).enterPin(outbox.latestTo(user.phone()).pin());
                new AccountConsole(browser);
            }
            assertThat(outbox.messagesTo(user.phone())).as("a new login has a budget of its own").hasSize(3);
        } finally {
            RealmSettings.setAttributes(keycloak, DemoUsers.REALM, Map.of("pin2fa.limits.sendsPerSession", ""));
        }
    }

    @Test
    void guessing_stops_at_the_accounts_budget_of_wrong_pins_even_with_brute_force_protection_off() {
        User user = users.withPhone();
        realm(Map.of("bruteForceProtected", false));
        RealmSettings.setAttributes(keycloak, DemoUsers.REALM, Map.of("pin2fa.max-consecutive-failures", "3"));
        try {
            try (Browser browser = new Browser(keycloak.baseUrl())) {
                LoginPage.openAccountConsole(browser, DemoUsers.REALM).logIn(user.username(), DemoUsers.PASSWORD);
                PinLoginPage page = new PinLoginPage(browser);
                String pin = outbox.latestTo(user.phone()).pin();
                for (int attempt = 1; attempt <= 3; attempt++) {
                    keycloak.setTimeOffset(2 * attempt);
                    page.enterPin(wrong(pin));
                    page = new PinLoginPage(browser);
                }
                keycloak.setTimeOffset(8);
                page.enterPin(pin);
                page = new PinLoginPage(browser);
                assertThat(page.alert()).as("even the right PIN is refused now").isEqualTo(LOCKED_OUT);
            }
            assertThat(failures(user)).isEqualTo(3);
            try (Browser browser = new Browser(keycloak.baseUrl())) {
                LoginPage.openAccountConsole(browser, DemoUsers.REALM).logIn(user.username(), DemoUsers.PASSWORD);
                assertThat(new PinLoginPage(browser).alert()).isEqualTo(LOCKED_OUT);
                assertThat(outbox.messagesTo(user.phone())).as("a new login sends no new PIN").hasSize(1);
            }

            HttpResponse<String> reset = keycloak.admin("DELETE", "/realms/demo/2fa/users/" + user.id() + "/pin-failures", null);
            assertThat(reset.statusCode()).isEqualTo(204);
            try (Browser browser = new Browser(keycloak.baseUrl())) {
                LoginPage.openAccountConsole(browser, DemoUsers.REALM).logIn(user.username(), DemoUsers.PASSWORD);
                new PinLoginPage(browser).enterPin(outbox.latestTo(user.phone()).pin());
                new AccountConsole(browser);
            }
            assertThat(failures(user)).isZero();
        } finally {
            RealmSettings.setAttributes(keycloak, DemoUsers.REALM, Map.of("pin2fa.max-consecutive-failures", ""));
            realm(Map.of("bruteForceProtected", true));
        }
    }

    @Test
    void an_account_with_no_wrong_pin_left_gets_no_pin_at_enrolment_either() {
        User user = users.withoutPhone();
        String first = DemoUsers.newPhoneNumber();
        String second = DemoUsers.newPhoneNumber();
        RealmSettings.setAttributes(keycloak, DemoUsers.REALM, Map.of("pin2fa.max-consecutive-failures", "1"));
        try (Browser browser = new Browser(keycloak.baseUrl())) {
            LoginPage.openAccountConsole(browser, DemoUsers.REALM).logIn(user.username(), DemoUsers.PASSWORD);
            new EnrolPhonePage(browser).enterPhone(first);
            EnrolConfirmPage confirm = new EnrolConfirmPage(browser);
            confirm.confirm(wrong(outbox.latestTo(first).pin()));
            confirm = new EnrolConfirmPage(browser);
            assertThat(failures(user)).isEqualTo(1);

            // Past the enrolment's resend cooldown: the send guard takes its limits first, and
            // only an allowed send reads the account's budget, in the same transaction.
            keycloak.setTimeOffset(40);
            EnrolPhonePage phone = confirm.useAnotherNumber();
            phone.enterPhone(second);
            phone = new EnrolPhonePage(browser);

            assertThat(phone.alert()).isEqualTo(LOCKED_OUT);
            assertThat(outbox.messagesTo(second)).as("no PIN for the second number").isEmpty();
        } finally {
            RealmSettings.setAttributes(keycloak, DemoUsers.REALM, Map.of("pin2fa.max-consecutive-failures", ""));
        }
    }

    @Test
    void wrong_pins_at_enrolment_count_in_the_accounts_budget() {
        User user = users.withoutPhone();
        String phone = DemoUsers.newPhoneNumber();
        try (Browser browser = new Browser(keycloak.baseUrl())) {
            LoginPage.openAccountConsole(browser, DemoUsers.REALM).logIn(user.username(), DemoUsers.PASSWORD);
            new EnrolPhonePage(browser).enterPhone(phone);
            EnrolConfirmPage confirm = new EnrolConfirmPage(browser);
            String pin = outbox.latestTo(phone).pin();
            for (int attempt = 1; attempt <= 2; attempt++) {
                keycloak.setTimeOffset(2 * attempt);
                confirm.confirm(wrong(pin));
                confirm = new EnrolConfirmPage(browser);
            }
        }
        assertThat(failures(user)).isEqualTo(2);
    }

    @Test
    void a_step_whose_pins_are_below_asvs_refuses_to_run_until_the_admin_overrides_it_explicitly() {
        User user = users.withPhone();
        TwoFactorApi api = TwoFactorApi.withNewKey(keycloak, DemoUsers.REALM, "2fa:manage");
        String app = "/2/applications/DE000000000000000000000000000001";
        JsonNode original = KeycloakServer.json(api.get(app).body());
        ObjectNode weak = original.deepCopy();
        ((ObjectNode) weak.get("configuration")).put("pinTimeToLive", "15m"); // Infobip's default
        weak.remove("applicationId");
        ObjectNode restored = original.deepCopy();
        restored.remove("applicationId");
        String configPath = pinStepConfigPath();
        JsonNode stepConfig = KeycloakServer.json(keycloak.adminGet(configPath).body());
        try {
            assertThat(api.put(app, weak.toString()).statusCode()).isEqualTo(200);
            try (Browser browser = new Browser(keycloak.baseUrl())) {
                LoginPage.openAccountConsole(browser, DemoUsers.REALM).logIn(user.username(), DemoUsers.PASSWORD);
                assertThat(new PinLoginPage(browser).alert())
                        .isEqualTo("Sign-in with a PIN is not set up correctly. Please contact your administrator.");
            }
            assertThat(outbox.messagesTo(user.phone())).isEmpty();
            assertThat(keycloak.serverLog()).contains("PINs live 15m, longer than 10 minutes (ASVS 5.0 V6.5.5)");

            ObjectNode override = stepConfig.deepCopy();
            ((ObjectNode) override.get("config")).put("allowPinsBelowAsvs", "true");
            assertThat(keycloak.admin("PUT", configPath, override.toString()).statusCode()).isEqualTo(204);
            try (Browser browser = new Browser(keycloak.baseUrl())) {
                LoginPage.openAccountConsole(browser, DemoUsers.REALM).logIn(user.username(), DemoUsers.PASSWORD);
                new PinLoginPage(browser).enterPin(outbox.latestTo(user.phone()).pin());
                new AccountConsole(browser);
            }
        } finally {
            keycloak.admin("PUT", configPath, stepConfig.toString());
            api.put(app, restored.toString());
        }
    }

    @Test
    void a_taken_number_gets_the_same_answer_as_a_free_one_until_the_pin_is_confirmed() {
        User owner = users.withPhone();
        User newcomer = users.withoutPhone();
        String free = DemoUsers.newPhoneNumber();
        String takenAnswer;
        String freeAnswer;
        try (Browser browser = new Browser(keycloak.baseUrl())) {
            LoginPage.openAccountConsole(browser, DemoUsers.REALM).logIn(newcomer.username(), DemoUsers.PASSWORD);
            new EnrolPhonePage(browser).enterPhone(owner.phone());
            EnrolConfirmPage confirm = new EnrolConfirmPage(browser);
            takenAnswer = withoutLastDigits(confirm.sentTo(), owner.phone());
            String pin = outbox.latestTo(owner.phone()).pin();

            confirm.confirm(pin);
            EnrolPhonePage again = new EnrolPhonePage(browser);
            assertThat(again.phoneError()).isEqualTo("This number cannot be used. Please enter another number.");

            keycloak.setTimeOffset(31); // past the enrolment's send cooldown, as a person would wait
            again.enterPhone(free);
            freeAnswer = withoutLastDigits(new EnrolConfirmPage(browser).sentTo(), free);
        }
        assertThat(takenAnswer).isEqualTo(freeAnswer);
        assertThat(users.phoneCredentials(newcomer.id())).isEmpty();
        assertThat(users.phoneCredentials(owner.id())).hasSize(1);
    }

    @Test
    void two_users_racing_to_confirm_one_number_cannot_both_get_it() throws Exception {
        User first = users.withoutPhone();
        User second = users.withoutPhone();
        String phone = DemoUsers.newPhoneNumber();
        try (Browser a = new Browser(keycloak.baseUrl()); Browser b = new Browser(keycloak.baseUrl())) {
            LoginPage.openAccountConsole(a, DemoUsers.REALM).logIn(first.username(), DemoUsers.PASSWORD);
            new EnrolPhonePage(a).enterPhone(phone);
            EnrolConfirmPage confirmA = new EnrolConfirmPage(a);
            String pinA = outbox.latestTo(phone).pin();
            LoginPage.openAccountConsole(b, DemoUsers.REALM).logIn(second.username(), DemoUsers.PASSWORD);
            new EnrolPhonePage(b).enterPhone(phone);
            EnrolConfirmPage confirmB = new EnrolConfirmPage(b);
            String pinB = outbox.latestTo(phone).pin();

            io.github.keycloakpin2fa.testing.Parallel.run(2, i -> {
                (i == 0 ? confirmA : confirmB).confirm(i == 0 ? pinA : pinB);
                return null;
            });
        }
        int owners = users.phoneCredentials(first.id()).size() + users.phoneCredentials(second.id()).size();
        assertThat(owners).as("exactly one of them has the number").isEqualTo(1);
    }

    private int failures(User user) {
        return KeycloakServer.json(keycloak.adminGet("/realms/demo/2fa/users/" + user.id() + "/pin-failures").body())
                .get("failures").asInt();
    }

    private void realm(Map<String, Object> settings) {
        HttpResponse<String> updated = keycloak.admin("PUT", "/realms/" + DemoUsers.REALM, KeycloakServer.toJson(settings));
        assertThat(updated.statusCode()).as(updated.body()).isEqualTo(204);
    }

    /** The admin path of the demo browser flow's PIN step configuration. */
    private String pinStepConfigPath() {
        JsonNode flows = KeycloakServer.json(keycloak.adminGet("/realms/demo/authentication/flows").body());
        for (JsonNode flow : flows) {
            String alias = flow.get("alias").asText().replace(" ", "%20");
            for (JsonNode execution : KeycloakServer.json(keycloak.adminGet("/realms/demo/authentication/flows/" + alias + "/executions").body())) {
                if ("pin-2fa".equals(execution.path("providerId").asText()) && execution.has("authenticationConfig")) {
                    return "/realms/demo/authentication/config/" + execution.get("authenticationConfig").asText();
                }
            }
        }
        throw new IllegalStateException("No configured PIN step in the demo realm");
    }

    /** The page's answer with the number's last two digits (the only ones it shows) blanked out. */
    private static String withoutLastDigits(String answer, String phone) {
        String lastTwo = phone.substring(phone.length() - 2);
        int at = answer.lastIndexOf(lastTwo);
        return at < 0 ? answer : answer.substring(0, at) + ".." + answer.substring(at + 2);
    }
}
