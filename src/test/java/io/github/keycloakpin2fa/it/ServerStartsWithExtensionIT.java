package io.github.keycloakpin2fa.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.keycloakpin2fa.testing.KeycloakServer;
import io.github.keycloakpin2fa.testing.RealKeycloak;
import io.github.keycloakpin2fa.testing.VendorStubs;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** An operator drops the JAR into a real Keycloak and starts it with the demo realm. */
@RealKeycloak
class ServerStartsWithExtensionIT {

    @Test
    void the_admin_api_lists_our_delivery_spi_and_the_dev_sender(KeycloakServer keycloak) {
        HttpResponse<String> info = keycloak.adminGet("/serverinfo");

        assertThat(info.statusCode()).isEqualTo(200);
        JsonNode spi = KeycloakServer.json(info.body()).path("providers").path("pin-delivery");
        assertThat(spi.path("internal").asBoolean(true)).as("a public SPI").isFalse();
        assertThat(spi.path("providers").has("dev")).as("providers of pin-delivery: %s", spi).isTrue();
        assertThat(spi.path("providers").path("dev").path("operationalInfo").path("mode").asText())
                .startsWith("development only");
    }

    @Test
    void every_delivery_provider_and_number_lookup_is_registered_and_no_secret_is_shown(KeycloakServer keycloak) {
        String body = keycloak.adminGet("/serverinfo").body();
        JsonNode providers = KeycloakServer.json(body).path("providers");

        assertThat(providers.path("pin-delivery").path("providers").fieldNames()).toIterable()
                .contains("infobip-sms", "infobip-voice", "twilio-sms", "twilio-voice", "webhook", "email", "dev");
        assertThat(providers.path("pin-number-lookup").path("providers").fieldNames()).toIterable()
                .contains("libphonenumber", "infobip");
        assertThat(providers.at("/pin-delivery/providers/infobip-sms/operationalInfo/configured").asText()).isEqualTo("true");
        assertThat(body).doesNotContain(VendorStubs.VAULT.get("infobip-api-key"), VendorStubs.VAULT.get("twilio-auth-token"));
    }

    @Test
    void the_login_theme_packaged_in_the_jar_is_offered(KeycloakServer keycloak) {
        JsonNode loginThemes = KeycloakServer.json(keycloak.adminGet("/serverinfo").body()).path("themes").path("login");

        assertThat(loginThemes.findValuesAsText("name")).contains("pin-2fa");
    }

    @Test
    void the_demo_realm_is_imported_with_its_demo_user(KeycloakServer keycloak) {
        HttpResponse<String> realm = keycloak.adminGet("/realms/demo");
        assertThat(realm.statusCode()).isEqualTo(200);
        assertThat(KeycloakServer.json(realm.body()).path("enabled").asBoolean()).isTrue();

        JsonNode users = KeycloakServer.json(keycloak.adminGet("/realms/demo/users?username=demo&exact=true").body());
        assertThat(users).hasSize(1);
        assertThat(users.get(0).path("emailVerified").asBoolean()).isTrue();
        assertThat(users.get(0).path("requiredActions")).isEmpty();
    }

    @Test
    void the_demo_user_logs_in_with_demo_demo_and_nothing_in_the_way(KeycloakServer keycloak) {
        // The password grant fails with "Account is not fully set up" while any required action
        // or missing profile field stands in the way, so a token proves a complete profile.
        String token = keycloak.passwordToken("demo", "admin-cli", "demo", "demo");

        assertThat(token).isNotBlank();
    }
}
