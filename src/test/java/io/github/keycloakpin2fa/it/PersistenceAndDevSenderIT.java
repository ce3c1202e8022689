package io.github.keycloakpin2fa.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.keycloakpin2fa.testing.KeycloakServer;
import io.github.keycloakpin2fa.testing.RealKeycloak;
import io.github.keycloakpin2fa.testing.TwoFactorApi;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * An operator relies on the realm model: applications and templates come from realm imports,
 * appear in realm exports and survive a restart. In dev mode the dev sender shows every message.
 */
@RealKeycloak
class PersistenceAndDevSenderIT {

    @Test
    void the_demo_realm_import_declares_an_application_with_templates(KeycloakServer keycloak) {
        TwoFactorApi demo = TwoFactorApi.withNewKey(keycloak, "demo", "2fa:manage");

        JsonNode app = KeycloakServer.json(demo.get("/2/applications/DE000000000000000000000000000001").body());
        JsonNode templates = KeycloakServer.json(demo.get("/2/applications/DE000000000000000000000000000001/messages").body());

        assertThat(app.get("name").asText()).isEqualTo("Demo login");
        assertThat(app.at("/configuration/allowMultiplePinVerifications").asBoolean()).isFalse();
        assertThat(templates).hasSize(2);
        assertThat(templates.get(0).get("messageText").asText()).contains("{{pin}}");
        assertThat(templates.get(1).get("emailTemplateId").asLong()).isEqualTo(1);
    }

    @Test
    void applications_appear_in_a_realm_export_and_survive_a_restart(KeycloakServer keycloak) {
        TwoFactorApi api = TwoFactorApi.newRealmWithKey(keycloak, "persist", "2fa:manage");
        String appId = api.createApplication("{\"name\": \"Survivor\", \"configuration\": {\"pinTimeToLive\": \"7m\"}}");
        String messageId = api.createTemplate(appId, "{\"pinType\": \"HEX\", \"messageText\": \"Hex {{pin}}\", \"pinLength\": 8}");
        String pinId = api.sendSms(appId, messageId, "41797770001").get("pinId").asText();

        HttpResponse<String> export = keycloak.adminPost("/realms/" + api.realm() + "/partial-export", "");
        assertThat(export.statusCode()).isEqualTo(200);
        // The tests' server runs with declarative-ui, so components have the admin console's page type.
        JsonNode components = KeycloakServer.json(export.body()).path("components")
                .path("org.keycloak.services.ui.extend.UiPageProvider");
        assertThat(components.findValuesAsText("id")).contains(appId, messageId);
        assertThat(export.body()).contains("Survivor", "Hex {{pin}}").doesNotContain(api.authorization().substring(4 + 33));
        JsonNode app = components.findParents("id").stream().filter(c -> c.get("id").asText().equals(appId)).findFirst().orElseThrow();
        assertThat(app.at("/config/pinTimeToLive/0").asText()).isEqualTo("7m");
        JsonNode key = components.findParents("id").stream()
                .filter(c -> "2fa-api-key".equals(c.path("providerId").asText())).findFirst().orElseThrow();
        assertThat(key.at("/config/secretHash/0").asText()).as("secrets are masked in exports").isEqualTo("**********");

        keycloak.restart();

        assertThat(KeycloakServer.json(api.get("/2/applications/" + appId).body()).at("/configuration/pinTimeToLive").asText())
                .isEqualTo("7m");
        assertThat(KeycloakServer.json(api.get("/2/applications/" + appId + "/messages/" + messageId).body()).get("pinType").asText())
                .isEqualTo("HEX");
        JsonNode verified = KeycloakServer.json(api.verify(pinId, api.lastPinSentTo("41797770001").toLowerCase()).body());
        assertThat(verified.get("verified").asBoolean()).as("PIN records outlive a restart; hex compares case-insensitively").isTrue();
    }

    @Test
    void the_dev_sender_prints_each_message_and_keeps_it_for_admins(KeycloakServer keycloak) {
        TwoFactorApi api = TwoFactorApi.newRealmWithKey(keycloak, "dev", "2fa:manage");
        String appId = api.createApplication("{\"name\": \"dev\"}");
        String messageId = api.createTemplate(appId, "{\"pinType\": \"NUMERIC\", \"messageText\": \"Your pin is {{pin}}\"}");

        api.sendSms(appId, messageId, "41797770002");
        String pin = api.lastPinSentTo("41797770002");
        JsonNode outbox = KeycloakServer.json(keycloak.adminGet("/realms/" + api.realm() + "/2fa/dev-outbox").body());

        assertThat(pin).matches("[0-9]{4}");
        assertThat(keycloak.serverLog()).contains("SMS to 41797770002: Your pin is " + pin);
        assertThat(outbox.get(0).get("channel").asText()).isEqualTo("SMS");
        assertThat(outbox.get(0).get("text").asText()).isEqualTo("Your pin is " + pin);
        assertThat(outbox.get(0).get("sentAt").asLong()).isPositive();
        TwoFactorApi other = TwoFactorApi.newRealmWithKey(keycloak, "dev", "2fa:manage");
        assertThat(KeycloakServer.json(keycloak.adminGet("/realms/" + other.realm() + "/2fa/dev-outbox").body()))
                .as("one realm's outbox is its own").isEmpty();
    }
}
