package io.github.keycloakpin2fa.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.keycloakpin2fa.testing.KeycloakServer;
import io.github.keycloakpin2fa.testing.RealKeycloak;
import io.github.keycloakpin2fa.testing.TwoFactorApi;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A careless or hostile client sends broken requests: each gets a 4xx in Infobip's envelope, with
 * a message that names the field where there is one. Never a 500, never a stack trace.
 */
@RealKeycloak
class MalformedRequestsIT {

    private TwoFactorApi api;
    private String appId;
    private String messageId;

    @BeforeEach
    void anApplicationWithATemplate(KeycloakServer keycloak) {
        api = TwoFactorApi.newRealmWithKey(keycloak, "malformed", "2fa:manage");
        appId = api.createApplication("{\"name\": \"m\"}");
        messageId = api.createTemplate(appId, "{\"pinType\": \"NUMERIC\", \"messageText\": \"PIN {{pin}}\"}");
    }

    @Test
    void broken_json_and_wrong_types_name_what_is_wrong() {
        assertBadRequest(api.post("/2/applications", "{\"name\": \"x\""), null, "not valid JSON");
        assertBadRequest(api.post("/2/applications", "[1, 2]"), null, "must be a JSON object");
        assertBadRequest(api.post("/2/applications", "\"just a string\""), null, "must be a JSON object");
        assertBadRequest(api.post("/2/applications", "{\"name\": \"x\", \"configuration\": {\"pinAttempts\": \"ten\"}}"),
                "configuration.pinAttempts", "has the wrong type");
        assertBadRequest(api.post("/2/applications", "{\"name\": \"x\", \"configuration\": {\"pinAttempts\": 1.5}}"),
                "configuration.pinAttempts", "has the wrong type");
        assertBadRequest(api.post("/2/applications", "{\"name\": \"x\", \"configuration\": [1]}"),
                "configuration", "has the wrong type");
        assertBadRequest(api.post("/2/applications", "{\"name\": \"x\", \"enabled\": {\"a\": 1}}"), "enabled", "has the wrong type");
        assertBadRequest(api.post("/2/applications/" + appId + "/messages", "{\"pinType\": \"NUMERIC\", \"messageText\": \"{{pin}}\", \"speechRate\": \"fast\"}"),
                "speechRate", "has the wrong type");
        assertBadRequest(api.post("/2/pin", "{\"applicationId\": \"%s\", \"messageId\": \"%s\", \"to\": \"41791234567\", \"placeholders\": {\"a\": {\"b\": 1}}}"
                .formatted(appId, messageId)), "placeholders.a", "has the wrong type");
        assertBadRequest(api.post("/2/applications", ""), null, "body is missing");
    }

    @Test
    void every_invalid_field_of_one_request_is_reported_together() {
        HttpResponse<String> response = api.post("/2/applications", """
                {"configuration": {"pinAttempts": 0, "pinTimeToLive": "366d", "verifyPinLimit": "1/2d"}}""");

        JsonNode fields = assertBadRequest(response, "name", "may not be null");
        assertThat(fields.fieldNames()).toIterable().contains("name", "configuration.pinAttempts",
                "configuration.pinTimeToLive", "configuration.verifyPinLimit");
    }

    @Test
    void unknown_fields_are_ignored() {
        HttpResponse<String> response = api.post("/2/applications", "{\"name\": \"x\", \"colour\": \"blue\", \"configuration\": {\"extra\": 1}}");

        assertThat(response.statusCode()).isEqualTo(201);
    }

    @Test
    void hostile_xml_is_refused_without_reading_anything() {
        String xxe = """
                <?xml version="1.0"?>
                <!DOCTYPE request [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
                <request><name>&secret;</name></request>""";
        HttpResponse<String> response = api.send(api.builder("/2/applications"), "POST", xxe, "application/xml", "application/json");

        assertBadRequest(response, null, "not valid XML");
        assertThat(response.body()).doesNotContain("root:");
        assertBadRequest(api.send(api.builder("/2/applications"), "POST", "<request><name>x</name>", "application/xml", null),
                null, "not valid XML");
        assertThat(api.send(api.builder("/2/pin"), "POST", "<request/>", "application/xml", null).statusCode()).isEqualTo(415);
    }

    @Test
    void oversized_bodies_are_refused() {
        HttpResponse<String> response = api.post("/2/applications", "{\"name\": \"" + "x".repeat(70_000) + "\"}");

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(envelope(response).get("messageId").asText()).isEqualTo("BAD_REQUEST");
    }

    @Test
    void bad_path_ids_and_unknown_paths_get_404_in_the_envelope() {
        for (String path : new String[] {"/2/applications/not-an-id", "/2/applications/" + "A".repeat(500),
                "/2/applications/%27%20OR%201%3D1", "/2/applications/" + appId + "/messages/nope",
                "/2/pin/nope/verify", "/2/nothing-here", "/3/applications"}) {
            HttpResponse<String> response = path.endsWith("verify") ? api.verify("nope", "1234") : api.get(path);
            assertThat(response.statusCode()).as(path).isEqualTo(404);
            assertThat(envelope(response).get("messageId").asText()).as(path).isIn("APPLICATION_NOT_FOUND", "NOT_FOUND");
        }
        assertThat(api.send(api.builder("/2/applications/" + appId), "DELETE", null, null, null).statusCode()).isEqualTo(405);
    }

    @Test
    void bad_send_and_verify_requests_name_the_field() {
        assertBadRequest(api.post("/2/pin", "{\"messageId\": \"%s\", \"to\": \"41791234567\"}".formatted(messageId)),
                "applicationId", "may not be null");
        assertBadRequest(api.post("/2/pin", "{\"applicationId\": \"%s\", \"messageId\": \"%s\", \"to\": \"call me\"}"
                .formatted(appId, messageId)), "to", "phone number");
        assertBadRequest(api.post("/2/pin/email", "{\"applicationId\": \"%s\", \"messageId\": \"%s\", \"to\": \"41791234567\"}"
                .formatted(appId, messageId)), "to", "email address");
        assertBadRequest(api.post("/2/pin?ncNeeded=maybe", "{\"applicationId\": \"%s\", \"messageId\": \"%s\", \"to\": \"41791234567\"}"
                .formatted(appId, messageId)), "ncNeeded", "true or false");
        assertBadRequest(api.post("/2/pin", "{\"applicationId\": \"%s\", \"messageId\": \"%s\", \"to\": \"41791234567\", \"placeholders\": {\"pin\": \"1\"}}"
                .formatted(appId, messageId)), "placeholders", null);
        assertBadRequest(api.get("/2/applications/" + appId + "/verifications"), "msisdn", "may not be null");
        assertBadRequest(api.get("/2/applications/" + appId + "/verifications?msisdn=41791234567&verified=yes"),
                "verified", "true or false");

        String pinId = api.sendSms(appId, messageId, "41791234567").get("pinId").asText();
        assertBadRequest(api.post("/2/pin/" + pinId + "/verify", "{}"), "pin", "may not be null");
        assertBadRequest(api.post("/2/pin/" + pinId + "/verify", "{\"pin\": \"" + "1".repeat(100) + "\"}"), "pin", null);
        assertBadRequest(api.post("/2/pin/" + pinId + "/resend/email", null), "pinId", "only be resent by SMS or voice");
    }

    private static JsonNode envelope(HttpResponse<String> response) {
        assertThat(response.headers().firstValue("Content-Type").orElse("")).contains("json");
        return KeycloakServer.json(response.body()).at("/requestError/serviceException");
    }

    /** Asserts a 400 in the envelope; returns its validation errors (empty when none). */
    private static JsonNode assertBadRequest(HttpResponse<String> response, String field, String textPart) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        JsonNode error = envelope(response);
        assertThat(error.get("messageId").asText()).isEqualTo("BAD_REQUEST");
        assertThat(error.get("text").asText()).doesNotContain("Exception", "at io.", "at org.");
        if (textPart != null) {
            assertThat(error.get("text").asText()).contains(textPart);
        }
        if (field != null) {
            assertThat(error.get("text").asText()).contains(field + " : ");
            assertThat(error.path("validationErrors").has(field)).as("validationErrors of %s", error).isTrue();
        }
        return error.path("validationErrors");
    }
}
