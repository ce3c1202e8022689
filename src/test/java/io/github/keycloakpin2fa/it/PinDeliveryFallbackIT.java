package io.github.keycloakpin2fa.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.keycloakpin2fa.it.browser.AccountConsole;
import io.github.keycloakpin2fa.it.browser.Browser;
import io.github.keycloakpin2fa.it.browser.DemoUsers;
import io.github.keycloakpin2fa.it.browser.DemoUsers.User;
import io.github.keycloakpin2fa.it.browser.DevOutboxReader;
import io.github.keycloakpin2fa.it.browser.LoginPage;
import io.github.keycloakpin2fa.it.browser.PinLoginPage;
import io.github.keycloakpin2fa.testing.KeycloakServer;
import io.github.keycloakpin2fa.testing.RealKeycloak;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** The SMS sender fails; the user is told so and gets the PIN by a call instead. */
@RealKeycloak
class PinDeliveryFallbackIT {

    @Test
    void when_sms_cannot_be_sent_the_user_asks_for_a_call(KeycloakServer keycloak) {
        DemoUsers users = new DemoUsers(keycloak);
        DevOutboxReader outbox = new DevOutboxReader(keycloak, DemoUsers.REALM);
        User user = users.withPhone();
        setSmsProviders(keycloak, "broken"); // a provider id no server has: every SMS is rejected
        try (Browser browser = new Browser(keycloak.baseUrl())) {
            LoginPage.openAccountConsole(browser, DemoUsers.REALM).logIn(user.username(), DemoUsers.PASSWORD);
            PinLoginPage page = new PinLoginPage(browser);
            browser.screenshot("pin-login-delivery-failed");

            assertThat(page.alert()).isEqualTo("We could not send the PIN. Try again, or choose another way below.");
            assertThat(page.canEnterPin()).as("no PIN reached the user").isFalse();
            assertThat(outbox.messagesTo(user.phone())).isEmpty();
            assertThat(users.events(user.id(), "LOGIN_ERROR"))
                    .anySatisfy(e -> assertThat(e.path("error").asText()).isEqualTo("pin_delivery_failed"));

            page.callMeInstead();

            page = new PinLoginPage(browser);
            String masked = "+41 ••• ••• " + user.phone().substring(user.phone().length() - 2);
            assertThat(page.sentTo()).isEqualTo("We are calling " + masked + " to read you a PIN.");
            DevOutboxReader.Message call = outbox.latestTo(user.phone());
            assertThat(call.channel()).isEqualTo("VOICE");

            page.enterPin(call.pin());
            new AccountConsole(browser);
        } finally {
            setSmsProviders(keycloak, "");
        }
    }

    /** Sets the demo realm's SMS provider chain; empty means the default (the dev sender). */
    private static void setSmsProviders(KeycloakServer keycloak, String providers) {
        ObjectNode realm = (ObjectNode) KeycloakServer.json(keycloak.adminGet("/realms/" + DemoUsers.REALM).body());
        ObjectNode update = realm.objectNode();
        ObjectNode attributes = realm.has("attributes") ? (ObjectNode) realm.get("attributes").deepCopy() : realm.objectNode();
        update.set("attributes", attributes.put("pin2fa.delivery.sms", providers));
        HttpResponse<String> response = keycloak.send(HttpRequest.newBuilder(keycloak.uri("/admin/realms/" + DemoUsers.REALM))
                .header("Authorization", "Bearer " + keycloak.adminToken())
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(update.toString())).build());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
        String now = KeycloakServer.json(keycloak.adminGet("/realms/" + DemoUsers.REALM).body())
                .path("attributes").path("pin2fa.delivery.sms").asText("");
        assertThat(now).isEqualTo(providers);
    }
}
