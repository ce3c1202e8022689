package io.github.keycloakpin2fa.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.keycloakpin2fa.testing.KeycloakServer;
import io.github.keycloakpin2fa.testing.RealKeycloak;
import io.github.keycloakpin2fa.testing.TwoFactorApi;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A service developer follows Infobip's documentation (../shared/seeds/) against Keycloak: each
 * request example, sent as it stands, gets the response the documentation shows, generated ids
 * aside. Where an example names ids of Infobip's account, ids of this realm stand in for them.
 */
@RealKeycloak
class SeedExamplesIT {

    private static final String SEED_APPLICATION = """
            {
                "name":"Test application BASIC",
                "configuration": {
                    "pinAttempts": 10,
                    "allowMultiplePinVerifications": true,
                    "pinTimeToLive": "15m",
                    "verifyPinLimit": "1/3s",
                    "sendPinPerApplicationLimit": "10000/1d",
                    "sendPinPerPhoneNumberLimit": "3/1d"
                },
                "enabled": true
            }""";

    private TwoFactorApi api;

    @BeforeEach
    void aRealmWithAManageKey(KeycloakServer keycloak) {
        api = TwoFactorApi.newRealmWithKey(keycloak, "seeds", "2fa:manage");
    }

    @Test
    void creating_the_seed_application_answers_201_with_the_seed_response(KeycloakServer keycloak) {
        HttpResponse<String> created = api.post("/2/applications", SEED_APPLICATION);

        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode body = KeycloakServer.json(created.body());
        assertThat(body.get("applicationId").asText()).matches("[0-9A-F]{32}");
        assertThat(body.get("processId").asText()).matches("[0-9A-F]{32}");
        assertThat(withoutIds(body)).isEqualTo(KeycloakServer.json("""
                {
                    "name": "Test application BASIC",
                    "configuration": {
                        "pinAttempts": 10,
                        "allowMultiplePinVerifications": true,
                        "pinTimeToLive": "15m",
                        "verifyPinLimit": "1/3s",
                        "sendPinPerApplicationLimit": "10000/1d",
                        "sendPinPerPhoneNumberLimit": "3/1d"
                    },
                    "enabled": true
                }"""));
    }

    @Test
    void the_seed_xml_request_gets_an_xml_application_response() {
        HttpResponse<String> created = api.send(api.builder("/2/applications"), "POST", """
                <?xml version="1.0" encoding="UTF-8" ?>
                <request>
                    <name>Test application BASIC</name>
                    <configuration>
                      <pinAttempts>10</pinAttempts>
                      <allowMultiplePinVerifications>true</allowMultiplePinVerifications>
                      <pinTimeToLive>15m</pinTimeToLive>
                      <verifyPinLimit>1/3s</verifyPinLimit>
                      <sendPinPerApplicationLimit>10000/1d</sendPinPerApplicationLimit>
                      <sendPinPerPhoneNumberLimit>3/1d</sendPinPerPhoneNumberLimit>
                    </configuration>
                    <enabled>true</enabled>\s
                </request>""", "application/xml", "application/xml");

        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.headers().firstValue("Content-Type").orElse("")).contains("application/xml");
        assertThat(created.body())
                .startsWith("<?xml version='1.0' encoding='UTF-8'?>\n<ApplicationResponse>")
                .containsPattern("<applicationId>[0-9A-F]{32}</applicationId>")
                .contains("<name>Test application BASIC</name>", "<pinAttempts>10</pinAttempts>",
                        "<pinTimeToLive>15m</pinTimeToLive>", "<sendPinPerPhoneNumberLimit>3/1d</sendPinPerPhoneNumberLimit>",
                        "<enabled>true</enabled>")
                .containsPattern("<processId>[0-9A-F]{32}</processId>");

        HttpResponse<String> list = api.send(api.builder("/2/applications"), "GET", null, null, "application/xml");
        assertThat(list.body()).contains("<ApplicationResponse>", "<item>", "<name>Test application BASIC</name>");
    }

    @Test
    void the_seed_error_examples_get_infobips_exact_texts() {
        assertError(api.post("/2/applications", """
                {"configuration": {"pinAttempts": 10}, "enabled": true}"""),
                400, "BAD_REQUEST", "[name : may not be null]");
        assertError(api.post("/2/applications", """
                {"name": "x", "configuration": {"sendPinPerApplicationLimit": "10000 per day"}}"""),
                400, "BAD_REQUEST", "[configuration.sendPinPerApplicationLimit : Limit format should be "
                        + "\"{attempts}/{timeLength}{timeUnit}\". Time units can be: ms, s, m, h, d]");
        assertError(api.post("/2/applications", """
                {"name": "x", "configuration": {"pinTimeToLive": "15 minutes"}}"""),
                400, "BAD_REQUEST", "[configuration.pinTimeToLive : Time format should be "
                        + "\"{timeLength}{timeUnit}\". Time units can be: ms, s, m, h, d]");
        assertError(api.get("/2/applications/0933F3BC087D2A617AC6DCB2EF5B8A61"),
                404, "APPLICATION_NOT_FOUND", "Application with given id cannot be found.");
    }

    @Test
    void list_get_and_update_follow_the_seed() {
        String id = api.createApplication(SEED_APPLICATION);

        JsonNode list = KeycloakServer.json(api.get("/2/applications").body());
        assertThat(list).hasSize(1);
        assertThat(list.get(0).get("applicationId").asText()).isEqualTo(id);
        assertThat(KeycloakServer.json(api.get("/2/applications/" + id).body())).isEqualTo(list.get(0));

        HttpResponse<String> updated = api.put("/2/applications/" + id, SEED_APPLICATION.replace("\"15m\"", "\"120m\""));

        assertThat(updated.statusCode()).isEqualTo(200);
        JsonNode body = KeycloakServer.json(updated.body());
        assertThat(body.get("applicationId").asText()).isEqualTo(id);
        assertThat(body.at("/configuration/pinTimeToLive").asText()).isEqualTo("120m");
        assertThat(KeycloakServer.json(api.get("/2/applications/" + id).body()).at("/configuration/pinTimeToLive").asText())
                .isEqualTo("120m");
    }

    @Test
    void the_workflow_example_template_send_resend_and_verify() {
        String appId = api.createApplication(SEED_APPLICATION);
        HttpResponse<String> template = api.post("/2/applications/" + appId + "/messages", """
                {
                "pinType": "NUMERIC",
                "messageText": "Your pin is {{pin}}",
                "pinLength": 4,
                "senderId": "Infobip 2FA"
                }""");
        assertThat(template.statusCode()).isEqualTo(200);
        JsonNode t = KeycloakServer.json(template.body());
        assertThat(t.get("pinPlaceholder").asText()).isEqualTo("{{pin}}");
        assertThat(t.get("applicationId").asText()).isEqualTo(appId);
        String messageId = t.get("messageId").asText();

        HttpResponse<String> sent = api.post("/2/pin?ncNeeded=true", """
                {
                "applicationId": "%s",
                "messageId": "%s",
                "from": "InfoSMS",
                "to": "41793026727"
                }""".formatted(appId, messageId));
        assertThat(sent.statusCode()).isEqualTo(200);
        JsonNode send = KeycloakServer.json(sent.body());
        assertThat(send.get("pinId").asText()).matches("[0-9A-F]{32}");
        assertThat(send.get("to").asText()).isEqualTo("41793026727");
        assertThat(send.get("ncStatus").asText()).as("offline lookup: a valid number").isEqualTo("NC_DESTINATION_UNKNOWN");
        assertThat(send.get("smsStatus").asText()).isEqualTo("MESSAGE_SENT");
        String pinId = send.get("pinId").asText();

        HttpResponse<String> resent = api.post("/2/pin/" + pinId + "/resend", null);
        assertThat(resent.statusCode()).isEqualTo(200);
        assertThat(KeycloakServer.json(resent.body()).get("pinId").asText()).isEqualTo(pinId);
        assertThat(KeycloakServer.json(resent.body()).get("smsStatus").asText()).isEqualTo("MESSAGE_SENT");

        HttpResponse<String> voice = api.post("/2/pin/voice", """
                {
                "applicationId": "%s",
                "messageId": "%s",
                "from": "41793012321",
                "to": "41793026727"
                }""".formatted(appId, messageId));
        assertThat(voice.statusCode()).isEqualTo(200);
        assertThat(KeycloakServer.json(voice.body()).get("callStatus").asText()).isEqualTo("PENDING_ACCEPTED");

        JsonNode wrong = KeycloakServer.json(api.post("/2/pin/" + pinId + "/verify", "{\"pin\":\"1598\"}".replace("1598",
                differentFrom(api.lastPinSentTo("41793026727")))).body());
        assertThat(wrong.get("verified").asBoolean()).isFalse();
        assertThat(wrong.get("pinError").asText()).isEqualTo("WRONG_PIN");
        assertThat(wrong.get("attemptsRemaining").asInt()).isEqualTo(9);
    }

    @Test
    void the_v1_paths_of_the_seeds_have_the_same_shapes() {
        String appId = KeycloakServer.json(api.post("/1/applications", SEED_APPLICATION).body()).get("applicationId").asText();
        String messageId = api.createTemplate(appId, """
                {"pinType": "NUMERIC", "messageText": "Your pin is {{pin}}", "pinLength": 4}""");

        JsonNode sent = KeycloakServer.json(api.post("/1/pin?ncNeeded=false", """
                {"applicationId": "%s", "messageId": "%s", "to": "41793026728"}""".formatted(appId, messageId)).body());
        String pin = api.lastPinSentTo("41793026728");
        // A resend sends the same PIN and the PIN is then verified: a verified PIN is not resent.
        assertThat(api.post("/1/pin/" + sent.get("pinId").asText() + "/resend/voice", null).statusCode()).isEqualTo(200);
        JsonNode verified = KeycloakServer.json(api.post("/1/pin/" + sent.get("pinId").asText() + "/verify",
                "{\"pin\": \"" + pin + "\"}").body());

        assertThat(sent.has("ncStatus")).as("no lookup asked, no ncStatus").isFalse();
        assertThat(verified.get("verified").asBoolean()).isTrue();
        assertThat(verified.get("msisdn").asText()).isEqualTo("41793026728");
        assertThat(api.get("/1/applications/" + appId + "/messages/" + messageId).statusCode()).isEqualTo(200);
    }

    static void assertError(HttpResponse<String> response, int status, String messageId, String text) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode error = KeycloakServer.json(response.body()).at("/requestError/serviceException");
        assertThat(error.get("messageId").asText()).isEqualTo(messageId);
        assertThat(error.get("text").asText()).isEqualTo(text);
    }

    private static String differentFrom(String pin) {
        return pin.equals("1598") ? "1599" : "1598";
    }

    private static JsonNode withoutIds(JsonNode body) {
        ObjectNode copy = body.deepCopy();
        copy.remove("applicationId");
        copy.remove("processId");
        return copy;
    }
}
