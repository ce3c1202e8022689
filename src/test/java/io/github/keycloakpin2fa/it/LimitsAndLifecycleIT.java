package io.github.keycloakpin2fa.it;

import static io.github.keycloakpin2fa.it.SeedExamplesIT.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.keycloakpin2fa.testing.KeycloakServer;
import io.github.keycloakpin2fa.testing.RealKeycloak;
import io.github.keycloakpin2fa.testing.TwoFactorApi;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An application's rules hold over time: PINs expire, limits slide, disabled applications send
 * nothing, the status endpoint tells the story, and old records are purged. Time moves through
 * Keycloak's clock, never by sleeping.
 */
@RealKeycloak
class LimitsAndLifecycleIT {

    private static final String TEMPLATE = "{\"pinType\": \"NUMERIC\", \"messageText\": \"Code {{pin}}\", \"pinLength\": 6}";

    private KeycloakServer keycloak;

    @AfterEach
    void putTheClockBack() {
        if (keycloak != null) {
            keycloak.setTimeOffset(0);
        }
    }

    @Test
    void a_pin_expires_after_its_time_to_live(KeycloakServer keycloak) {
        this.keycloak = keycloak;
        TwoFactorApi api = TwoFactorApi.newRealmWithKey(keycloak, "limits", "2fa:manage");
        String appId = api.createApplication("{\"name\": \"ttl\", \"configuration\": {\"pinTimeToLive\": \"10m\"}}");
        String messageId = api.createTemplate(appId, TEMPLATE);
        String pinId = api.sendSms(appId, messageId, "41796660001").get("pinId").asText();
        String pin = api.lastPinSentTo("41796660001");

        keycloak.setTimeOffset(10 * 60);
        JsonNode expired = KeycloakServer.json(api.verify(pinId, pin).body());

        assertThat(expired.get("verified").asBoolean()).isFalse();
        assertThat(expired.get("pinError").asText()).isEqualTo("TTL_EXPIRED");
        assertThat(expired.get("attemptsRemaining").asInt()).as("expiry uses no attempt").isEqualTo(10);
        assertThat(api.post("/2/pin/" + pinId + "/resend", null).statusCode()).as("no resend after expiry").isEqualTo(400);
    }

    @Test
    void the_per_number_send_limit_is_a_sliding_window_answered_with_429(KeycloakServer keycloak) {
        this.keycloak = keycloak;
        TwoFactorApi api = TwoFactorApi.newRealmWithKey(keycloak, "limits", "2fa:manage");
        String appId = api.createApplication("{\"name\": \"slide\", \"configuration\": {\"sendPinPerPhoneNumberLimit\": \"2/1h\", \"pinTimeToLive\": \"1h\"}}");
        String messageId = api.createTemplate(appId, TEMPLATE);
        String body = "{\"applicationId\": \"%s\", \"messageId\": \"%s\", \"to\": \"41796660002\"}".formatted(appId, messageId);
        String first = api.sendSms(appId, messageId, "41796660002").get("pinId").asText();
        keycloak.setTimeOffset(30 * 60);
        assertThat(api.post("/2/pin/" + first + "/resend", null).statusCode()).as("a resend counts like a send").isEqualTo(200);

        HttpResponse<String> third = api.post("/2/pin", body);
        assertError(third, 429, "TOO_MANY_REQUESTS", "Too many requests.");
        assertThat(Long.parseLong(third.headers().firstValue("Retry-After").orElseThrow())).isBetween(1790L, 1800L);

        keycloak.setTimeOffset(60 * 60 - 5);
        assertThat(api.post("/2/pin", body).statusCode()).as("the first send still counts").isEqualTo(429);
        keycloak.setTimeOffset(60 * 60 + 1);
        assertThat(api.post("/2/pin", body).statusCode()).as("the first send left the window").isEqualTo(200);
        assertThat(api.post("/2/pin", body).statusCode()).as("the resend is still inside").isEqualTo(429);
        assertThat(api.sendSms(appId, messageId, "41796660003").get("smsStatus").asText())
                .as("another number has its own limit").isEqualTo("MESSAGE_SENT");
    }

    @Test
    void the_per_application_and_verify_limits_hold(KeycloakServer keycloak) {
        this.keycloak = keycloak;
        TwoFactorApi api = TwoFactorApi.newRealmWithKey(keycloak, "limits", "2fa:manage");
        String appId = api.createApplication("""
                {"name": "app-limit", "configuration": {"sendPinPerApplicationLimit": "3/1d", "verifyPinLimit": "1/3s"}}""");
        String messageId = api.createTemplate(appId, TEMPLATE);
        String pinId = api.sendSms(appId, messageId, "41796660011").get("pinId").asText();
        api.sendSms(appId, messageId, "41796660012");
        api.sendSms(appId, messageId, "41796660013");

        assertThat(api.post("/2/pin", "{\"applicationId\": \"%s\", \"messageId\": \"%s\", \"to\": \"41796660014\"}"
                .formatted(appId, messageId)).statusCode()).isEqualTo(429);

        assertThat(api.verify(pinId, "000000").statusCode()).isEqualTo(200);
        assertError(api.verify(pinId, "000000"), 429, "TOO_MANY_REQUESTS", "Too many requests.");
        keycloak.setTimeOffset(3);
        JsonNode later = KeycloakServer.json(api.verify(pinId, api.lastPinSentTo("41796660011")).body());
        assertThat(later.get("verified").asBoolean()).isTrue();
        assertThat(later.get("attemptsRemaining").asInt()).as("the refused verify used no attempt").isEqualTo(9);
    }

    @Test
    void a_disabled_application_refuses_sends_with_a_clear_error(KeycloakServer keycloak) {
        TwoFactorApi api = TwoFactorApi.newRealmWithKey(keycloak, "limits", "2fa:manage");
        String appId = api.createApplication("{\"name\": \"off\"}");
        String messageId = api.createTemplate(appId, TEMPLATE);
        assertThat(api.put("/2/applications/" + appId, "{\"name\": \"off\", \"enabled\": false}").statusCode()).isEqualTo(200);

        HttpResponse<String> refused = api.post("/2/pin", "{\"applicationId\": \"%s\", \"messageId\": \"%s\", \"to\": \"41796660021\"}"
                .formatted(appId, messageId));

        assertError(refused, 400, "BAD_REQUEST", "Application " + appId + " is disabled: it sends no PINs.");
        assertThat(keycloak.serverLog()).doesNotContain("to 41796660021");
    }

    @Test
    void the_status_endpoint_answers_from_the_records_and_old_records_are_purged(KeycloakServer keycloak) {
        this.keycloak = keycloak;
        TwoFactorApi api = TwoFactorApi.newRealmWithKey(keycloak, "limits", "2fa:manage");
        String appId = api.createApplication("{\"name\": \"status\", \"configuration\": {\"verifyPinLimit\": \"100/1s\"}}");
        String messageId = api.createTemplate(appId, TEMPLATE);
        String verifiedPin = api.sendSms(appId, messageId, "41796660031").get("pinId").asText();
        api.verify(verifiedPin, api.lastPinSentTo("41796660031"));
        api.sendSms(appId, messageId, "41796660031");
        String path = "/2/applications/" + appId + "/verifications?msisdn=41796660031";

        JsonNode all = KeycloakServer.json(api.get(path).body()).get("verifications");
        JsonNode verified = KeycloakServer.json(api.get(path + "&verified=true").body()).get("verifications");

        assertThat(all).hasSize(2).allSatisfy(v -> assertThat(v.get("sentAt").asLong()).isPositive());
        assertThat(verified).hasSize(1);
        assertThat(verified.get(0).get("verifiedAt").asLong()).isGreaterThanOrEqualTo(verified.get(0).get("sentAt").asLong());
        assertThat(KeycloakServer.json(api.get(path + "&verified=false&sent=true").body()).get("verifications")).hasSize(1);
        assertThat(KeycloakServer.json(api.get(path + "&sent=false").body()).get("verifications")).isEmpty();

        keycloak.setTimeOffset(15 * 60 + 23 * 60 * 60);
        keycloak.purgeNow();
        assertThat(KeycloakServer.json(api.get(path).body()).get("verifications")).as("kept a day after expiry").hasSize(2);

        keycloak.setTimeOffset(15 * 60 + 24 * 60 * 60 + 1);
        assertThat(keycloak.purgeNow()).isPositive();
        assertThat(KeycloakServer.json(api.get(path).body()).get("verifications")).isEmpty();
        assertThat(api.verify(verifiedPin, "000000").statusCode()).isEqualTo(404);
    }

    @Test
    void a_refusing_sender_is_reported_not_hidden(KeycloakServer keycloak) {
        TwoFactorApi api = TwoFactorApi.newRealmWithKey(keycloak, "limits", "2fa:manage");
        String appId = api.createApplication("{\"name\": \"broken\"}");
        String messageId = api.createTemplate(appId, TEMPLATE);
        JsonNode realm = KeycloakServer.json(keycloak.adminGet("/realms/" + api.realm()).body());
        ((com.fasterxml.jackson.databind.node.ObjectNode) realm.get("attributes")).put("pin2fa.delivery.sms", "no-such-provider");
        assertThat(keycloak.admin("PUT", "/realms/" + api.realm(), realm.toString()).statusCode()).isEqualTo(204);

        JsonNode sent = api.sendSms(appId, messageId, "41796660041");

        assertThat(sent.get("smsStatus").asText()).isEqualTo("MESSAGE_NOT_SENT");
        JsonNode status = KeycloakServer.json(api.get("/2/applications/" + appId + "/verifications?msisdn=41796660041").body());
        assertThat(status.get("verifications")).hasSize(1);
        assertThat(status.at("/verifications/0").has("sentAt")).as("never sent, so no sentAt").isFalse();
        assertThat(api.post("/2/pin/voice", "{\"applicationId\": \"%s\", \"messageId\": \"%s\", \"to\": \"41796660041\"}"
                .formatted(appId, messageId)).body()).as("voice has its own provider chain").contains("PENDING_ACCEPTED");
    }
}
