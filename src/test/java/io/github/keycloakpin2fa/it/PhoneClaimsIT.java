package io.github.keycloakpin2fa.it;

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
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * An application learns the user's verified phone from a token: after the enrolment, Keycloak's
 * built-in client scope {@code phone} carries it as {@code phone_number} and
 * {@code phone_number_verified}. And a realm whose users already have a verified phone (from
 * LDAP, or set by an admin) can let them log in with PINs without enrolling.
 */
@RealKeycloak
class PhoneClaimsIT {

    private static final String ENROL_CONFIG = "/realms/" + DemoUsers.REALM + "/authentication/required-actions/pin-2fa-enrol-phone/config";

    @Test
    void after_enrolment_a_token_with_scope_phone_carries_the_verified_number(KeycloakServer keycloak) {
        DemoUsers users = new DemoUsers(keycloak);
        DevOutboxReader outbox = new DevOutboxReader(keycloak, DemoUsers.REALM);
        User user = users.withoutPhone();
        String phone = DemoUsers.newPhoneNumber();
        String clientId = newPublicClient(keycloak);
        assertThat(accessToken(keycloak, clientId, user.username(), "openid phone").has("phone_number"))
                .as("no phone before the enrolment").isFalse();

        try (Browser browser = new Browser(keycloak.baseUrl())) {
            LoginPage.openAccountConsole(browser, DemoUsers.REALM).logIn(user.username(), DemoUsers.PASSWORD);
            new EnrolPhonePage(browser).enterPhone(phone);
            new EnrolConfirmPage(browser).confirm(outbox.latestTo(phone).pin());
            new AccountConsole(browser);
        }

        JsonNode token = accessToken(keycloak, clientId, user.username(), "openid phone");
        assertThat(token.path("phone_number").asText()).isEqualTo(phone);
        assertThat(token.path("phone_number_verified").isBoolean()).isTrue();
        assertThat(token.path("phone_number_verified").asBoolean()).isTrue();
        assertThat(accessToken(keycloak, clientId, user.username(), "openid").has("phone_number"))
                .as("only with the scope phone").isFalse();

        JsonNode profile = KeycloakServer.json(keycloak.adminGet("/realms/" + DemoUsers.REALM + "/users/profile").body());
        assertThat(profile.path("attributes").findValuesAsText("name")).contains("phoneNumber", "phoneNumberVerified");
        JsonNode asAdminSeesIt = KeycloakServer.json(keycloak.adminGet("/realms/" + DemoUsers.REALM + "/users/" + user.id()).body());
        assertThat(asAdminSeesIt.path("attributes").path("phoneNumber").get(0).asText()).isEqualTo(phone);

        // An admin edits the user's profile: the declared attributes survive the save.
        ((ObjectNode) asAdminSeesIt).put("firstName", "Renamed");
        assertThat(keycloak.admin("PUT", "/realms/" + DemoUsers.REALM + "/users/" + user.id(), asAdminSeesIt.toString()).statusCode())
                .isEqualTo(204);
        assertThat(accessToken(keycloak, clientId, user.username(), "openid phone").path("phone_number").asText()).isEqualTo(phone);
    }

    @Test
    void a_verified_phone_attribute_counts_as_enrolled_when_the_realm_accepts_it(KeycloakServer keycloak) {
        DevOutboxReader outbox = new DevOutboxReader(keycloak, DemoUsers.REALM);
        JsonNode original = KeycloakServer.json(keycloak.adminGet(ENROL_CONFIG).body());
        ObjectNode accepting = original.deepCopy();
        ((ObjectNode) accepting.path("config")).put("acceptVerifiedPhoneAttribute", "true");
        assertThat(keycloak.admin("PUT", ENROL_CONFIG, accepting.toString()).statusCode()).isEqualTo(204);
        try {
            String phone = DemoUsers.newPhoneNumber();
            String verified = userWithPhoneAttributes(keycloak, phone, "true");
            String unverified = userWithPhoneAttributes(keycloak, DemoUsers.newPhoneNumber(), "false");

            try (Browser browser = new Browser(keycloak.baseUrl())) {
                LoginPage.openAccountConsole(browser, DemoUsers.REALM).logIn(verified, DemoUsers.PASSWORD);
                PinLoginPage pinPage = new PinLoginPage(browser);
                assertThat(pinPage.sentTo()).isEqualTo("We sent a PIN by text message to +41 ••• ••• "
                        + phone.substring(phone.length() - 2) + ".");
                pinPage.enterPin(outbox.latestTo(phone).pin());
                new AccountConsole(browser);
            }
            try (Browser browser = new Browser(keycloak.baseUrl())) {
                LoginPage.openAccountConsole(browser, DemoUsers.REALM).logIn(unverified, DemoUsers.PASSWORD);
                assertThat(new EnrolPhonePage(browser).title()).as("an unverified number is no phone").isEqualTo("Add your phone");
            }
        } finally {
            assertThat(keycloak.admin("PUT", ENROL_CONFIG, original.toString()).statusCode()).isEqualTo(204);
        }

        String other = userWithPhoneAttributes(keycloak, DemoUsers.newPhoneNumber(), "true");
        try (Browser browser = new Browser(keycloak.baseUrl())) {
            LoginPage.openAccountConsole(browser, DemoUsers.REALM).logIn(other, DemoUsers.PASSWORD);
            assertThat(new EnrolPhonePage(browser).title()).as("off by default: the user enrols").isEqualTo("Add your phone");
        }
    }

    /** A user an admin created with the phone attributes and a password, and no phone credential. */
    private static String userWithPhoneAttributes(KeycloakServer keycloak, String phone, String verified) {
        String username = "attr-" + UUID.randomUUID().toString().substring(0, 8);
        String body = """
                {"username": "%s", "enabled": true, "email": "%s@example.org", "emailVerified": true,
                 "firstName": "Test", "lastName": "%s",
                 "attributes": {"phoneNumber": ["%s"], "phoneNumberVerified": ["%s"]},
                 "credentials": [{"type": "password", "value": "%s", "temporary": false}]}"""
                .formatted(username, username, username, phone, verified, DemoUsers.PASSWORD);
        HttpResponse<String> created = keycloak.adminPost("/realms/" + DemoUsers.REALM + "/users", body);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = new DemoUsers(keycloak).idOf(username);
        JsonNode stored = KeycloakServer.json(keycloak.adminGet("/realms/" + DemoUsers.REALM + "/users/" + id).body());
        assertThat(stored.path("attributes").path("phoneNumberVerified").get(0).asText())
                .as("the user profile keeps the attribute an admin sets").isEqualTo(verified);
        return username;
    }

    /** A public client with direct grants, which gets the realm's default optional scopes (phone among them). */
    private static String newPublicClient(KeycloakServer keycloak) {
        String clientId = "phone-claims-" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> created = keycloak.adminPost("/realms/" + DemoUsers.REALM + "/clients", """
                {"clientId": "%s", "publicClient": true, "directAccessGrantsEnabled": true, "standardFlowEnabled": false}"""
                .formatted(clientId));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return clientId;
    }

    /** The claims of an access token from the password grant (the realm's direct grant flow has no PIN step). */
    private static JsonNode accessToken(KeycloakServer keycloak, String clientId, String username, String scope) {
        String form = "grant_type=password&client_id=" + enc(clientId) + "&username=" + enc(username) + "&password="
                + enc(DemoUsers.PASSWORD) + "&scope=" + enc(scope);
        HttpResponse<String> response = keycloak.send(HttpRequest.newBuilder(
                        keycloak.uri("/realms/" + DemoUsers.REALM + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        String jwt = KeycloakServer.json(response.body()).get("access_token").asText();
        return KeycloakServer.json(new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8));
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
