package io.github.keycloakpin2fa.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.keycloakpin2fa.it.browser.DemoUsers;
import io.github.keycloakpin2fa.it.browser.DemoUsers.User;
import io.github.keycloakpin2fa.it.browser.DevOutboxReader;
import io.github.keycloakpin2fa.it.pages.FormSession;
import io.github.keycloakpin2fa.testing.KeycloakServer;
import io.github.keycloakpin2fa.testing.RealKeycloak;
import io.github.keycloakpin2fa.testing.RealmSettings;
import io.github.keycloakpin2fa.testing.TwoFactorApi;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Attacks on the enrolment page of the demo realm, each as its attacker would run it: one account
 * pumping SMS to many numbers, many accounts behind one address, many numbers in one country, and
 * another user locking a victim out by typing the victim's number. Each attacker comes from an
 * address of its own (an X-Forwarded-For header, which the server trusts as a proxy's).
 */
@RealKeycloak
class EnrolmentAbuseIT {

    private static final String APP = "/2/applications/DE000000000000000000000000000001";
    private static final AtomicInteger ADDRESSES = new AtomicInteger(ThreadLocalRandom.current().nextInt(200));

    /**
     * A private address (10.x): the demo realm requires TLS for external clients, and the test
     * server speaks plain HTTP.
     */
    private static String newAddress() {
        int n = ADDRESSES.incrementAndGet();
        return "10.77." + (n / 250) + "." + (1 + n % 250);
    }

    /** A German mobile number: no other story enrols in Germany, so its country budget is fresh. */
    private static String germanMobile() {
        return "+49151" + String.format(Locale.ROOT, "%08d", ThreadLocalRandom.current().nextInt(100_000_000));
    }

    private static String austrianMobile() {
        return "+43664" + String.format(Locale.ROOT, "%07d", ThreadLocalRandom.current().nextInt(10_000_000));
    }

    @Test
    void one_account_cannot_pump_sms_through_enrolment_cooldown_then_a_cap_on_numbers(KeycloakServer keycloak) {
        DemoUsers users = new DemoUsers(keycloak);
        DevOutboxReader outbox = new DevOutboxReader(keycloak, DemoUsers.REALM);
        User attacker = users.withoutPhone();
        String[] numbers = {DemoUsers.newPhoneNumber(), DemoUsers.newPhoneNumber(), DemoUsers.newPhoneNumber(), DemoUsers.newPhoneNumber()};
        int offset = 0;
        try {
            FormSession page = FormSession.logIn(keycloak, DemoUsers.REALM, attacker.username(), DemoUsers.PASSWORD, newAddress());
            page.enterPhone(numbers[0]);
            assertThat(outbox.messagesTo(numbers[0])).hasSize(1);

            page.changeNumber().enterPhone(numbers[1]);
            assertThat(page.error()).as("the next number at once: cooldown").matches("Please wait \\d+ seconds before asking for another PIN\\.");
            assertThat(outbox.messagesTo(numbers[1])).isEmpty();

            keycloak.setTimeOffset(offset += 31);
            page.enterPhone(numbers[1]);
            assertThat(outbox.messagesTo(numbers[1])).as("after the cooldown").hasSize(1);
            keycloak.setTimeOffset(offset += 31);
            page.changeNumber().enterPhone(numbers[2]);
            assertThat(outbox.messagesTo(numbers[2])).hasSize(1);

            keycloak.setTimeOffset(offset += 31);
            page.changeNumber().enterPhone(numbers[3]);
            assertThat(page.error()).as("a fourth number in a day").matches("Too many PINs were sent to you\\. Try again in 24 hours\\.");
            assertThat(outbox.messagesTo(numbers[3])).isEmpty();

            keycloak.setTimeOffset(offset += 31);
            page.enterPhone(numbers[0]);
            assertThat(outbox.messagesTo(numbers[0])).as("a number already tried today is not another number").hasSize(2);
        } finally {
            keycloak.setTimeOffset(0);
        }
        assertThat(users.phoneCredentials(attacker.id())).isEmpty();
    }

    @Test
    void many_accounts_behind_one_address_share_that_address_budget(KeycloakServer keycloak) {
        DemoUsers users = new DemoUsers(keycloak);
        DevOutboxReader outbox = new DevOutboxReader(keycloak, DemoUsers.REALM);
        String botnetNode = newAddress();
        withRealmAttributes(keycloak, Map.of("pin2fa.limits.sendsPerClientIp", "2/1h"), () -> {
            for (int i = 0; i < 2; i++) {
                String number = DemoUsers.newPhoneNumber();
                FormSession.logIn(keycloak, DemoUsers.REALM, users.withoutPhone().username(), DemoUsers.PASSWORD, botnetNode)
                        .enterPhone(number);
                assertThat(outbox.messagesTo(number)).hasSize(1);
            }
            String third = DemoUsers.newPhoneNumber();
            FormSession page = FormSession.logIn(keycloak, DemoUsers.REALM, users.withoutPhone().username(), DemoUsers.PASSWORD, botnetNode)
                    .enterPhone(third);
            assertThat(page.error()).matches("Too many PINs were sent to you\\. Try again in (60|59) minutes\\.");
            assertThat(outbox.messagesTo(third)).isEmpty();

            String elsewhere = DemoUsers.newPhoneNumber();
            FormSession.logIn(keycloak, DemoUsers.REALM, users.withoutPhone().username(), DemoUsers.PASSWORD, newAddress())
                    .enterPhone(elsewhere);
            assertThat(outbox.messagesTo(elsewhere)).as("a user at another address is not affected").hasSize(1);
        });
    }

    @Test
    void enrolments_to_one_country_have_a_budget_of_their_own(KeycloakServer keycloak) {
        DemoUsers users = new DemoUsers(keycloak);
        DevOutboxReader outbox = new DevOutboxReader(keycloak, DemoUsers.REALM);
        withRealmAttributes(keycloak, Map.of("pin2fa.limits.enrolmentSendsPerCountry", "2/1h"), () -> {
            for (int i = 0; i < 2; i++) {
                String number = austrianMobile();
                FormSession.logIn(keycloak, DemoUsers.REALM, users.withoutPhone().username(), DemoUsers.PASSWORD, newAddress())
                        .enterPhone(number);
                assertThat(outbox.messagesTo(number)).hasSize(1);
            }
            String third = austrianMobile();
            FormSession page = FormSession.logIn(keycloak, DemoUsers.REALM, users.withoutPhone().username(), DemoUsers.PASSWORD,
                    newAddress()).enterPhone(third);
            assertThat(page.error()).matches("Too many PINs were sent to you\\. Try again in (60|59) minutes\\.");
            assertThat(outbox.messagesTo(third)).isEmpty();

            // Not Switzerland: the other stories' Swiss enrolments count against this realm-wide 2/1h too.
            String german = germanMobile();
            FormSession.logIn(keycloak, DemoUsers.REALM, users.withoutPhone().username(), DemoUsers.PASSWORD, newAddress())
                    .enterPhone(german);
            assertThat(outbox.messagesTo(german)).as("other countries are not affected").hasSize(1);
        });
    }

    @Test
    void another_user_typing_a_victims_number_at_enrolment_cannot_lock_the_victim_out(KeycloakServer keycloak) {
        DemoUsers users = new DemoUsers(keycloak);
        DevOutboxReader outbox = new DevOutboxReader(keycloak, DemoUsers.REALM);
        User victim = users.withPhone();
        User attacker = users.withoutPhone();
        TwoFactorApi api = TwoFactorApi.withNewKey(keycloak, DemoUsers.REALM, "2fa:manage");
        String original = api.get(APP).body();
        Map<String, String> enrolConfig = requiredActionConfig(keycloak);
        int offset = 0;
        try {
            // Infobip's default of 3 PINs a day per number, and numbers not unique in the realm (the action's default).
            ObjectNode app = (ObjectNode) KeycloakServer.json(original);
            ((ObjectNode) app.get("configuration")).put("sendPinPerPhoneNumberLimit", "3/1d");
            assertThat(api.put(APP, app.toString()).statusCode()).isEqualTo(200);
            Map<String, String> notUnique = new HashMap<>(enrolConfig);
            notUnique.put("uniquePhoneNumbers", "false");
            setRequiredActionConfig(keycloak, notUnique);

            FormSession page = FormSession.logIn(keycloak, DemoUsers.REALM, attacker.username(), DemoUsers.PASSWORD, newAddress());
            page.enterPhone(victim.phone());
            for (int i = 0; i < 3; i++) {
                keycloak.setTimeOffset(offset += 31);
                page.changeNumber().enterPhone(victim.phone());
            }
            assertThat(outbox.messagesTo(victim.phone())).as("enrolment sends to one number are capped").hasSize(3);
            assertThat(page.error()).matches("Too many PINs were sent to you\\. Try again in 24 hours\\.");

            FormSession login = FormSession.logIn(keycloak, DemoUsers.REALM, victim.username(), DemoUsers.PASSWORD, newAddress());
            assertThat(login.error()).as("the victim's login budget is untouched").isEmpty();
            assertThat(outbox.messagesTo(victim.phone())).hasSize(4);
            login.enterPin(outbox.latestTo(victim.phone()).pin());
            assertThat(login.hasForm("kc-pin-form")).as("logged in").isFalse();
            assertThat(login.uri().toString()).contains("/realms/demo/account/");
        } finally {
            keycloak.setTimeOffset(0);
            api.put(APP, original);
            setRequiredActionConfig(keycloak, enrolConfig);
        }
    }

    @Test
    void a_number_in_a_blocked_country_is_refused_on_the_page_and_nothing_is_sent(KeycloakServer keycloak) {
        DemoUsers users = new DemoUsers(keycloak);
        DevOutboxReader outbox = new DevOutboxReader(keycloak, DemoUsers.REALM);
        TwoFactorApi api = TwoFactorApi.withNewKey(keycloak, DemoUsers.REALM, "2fa:manage");
        String original = api.get(APP).body();
        try {
            ObjectNode app = (ObjectNode) KeycloakServer.json(original);
            app.putObject("security").putArray("blockedCountries").add("FR");
            assertThat(api.put(APP, app.toString()).statusCode()).isEqualTo(200);

            String french = "+3361" + String.format(Locale.ROOT, "%07d", ThreadLocalRandom.current().nextInt(10_000_000));
            FormSession page = FormSession.logIn(keycloak, DemoUsers.REALM, users.withoutPhone().username(), DemoUsers.PASSWORD,
                    newAddress()).enterPhone(french);
            assertThat(page.error()).isEqualTo(
                    "PINs cannot be sent to this number: its country or number type is not allowed here. Please use another number.");
            assertThat(page.hasForm("kc-pin-enrol-form")).isTrue();
            assertThat(outbox.messagesTo(french)).isEmpty();
        } finally {
            ObjectNode app = (ObjectNode) KeycloakServer.json(original);
            app.putObject("security"); // back to the defaults
            api.put(APP, app.toString());
        }
    }

    private static void withRealmAttributes(KeycloakServer keycloak, Map<String, String> attributes, Runnable story) {
        JsonNode before = KeycloakServer.json(keycloak.adminGet("/realms/" + DemoUsers.REALM).body()).path("attributes");
        Map<String, String> restore = new HashMap<>();
        attributes.keySet().forEach(k -> restore.put(k, before.path(k).isMissingNode() ? "" : before.path(k).asText()));
        RealmSettings.setAttributes(keycloak, DemoUsers.REALM, attributes);
        try {
            story.run();
        } finally {
            RealmSettings.setAttributes(keycloak, DemoUsers.REALM, restore);
        }
    }

    private static Map<String, String> requiredActionConfig(KeycloakServer keycloak) {
        HttpResponse<String> response = keycloak.adminGet("/realms/demo/authentication/required-actions/pin-2fa-enrol-phone/config");
        assertThat(response.statusCode()).isEqualTo(200);
        Map<String, String> config = new HashMap<>();
        KeycloakServer.json(response.body()).path("config").fields().forEachRemaining(e -> config.put(e.getKey(), e.getValue().asText()));
        return config;
    }

    private static void setRequiredActionConfig(KeycloakServer keycloak, Map<String, String> config) {
        HttpResponse<String> response = keycloak.admin("PUT", "/realms/demo/authentication/required-actions/pin-2fa-enrol-phone/config",
                KeycloakServer.toJson(Map.of("config", config)));
        assertThat(response.statusCode()).as(response.body()).isIn(200, 204);
    }
}
