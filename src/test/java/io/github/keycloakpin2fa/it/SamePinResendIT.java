package io.github.keycloakpin2fa.it;

import static io.github.keycloakpin2fa.it.SeedExamplesIT.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.keycloakpin2fa.testing.KeycloakServer;
import io.github.keycloakpin2fa.testing.RealKeycloak;
import io.github.keycloakpin2fa.testing.TwoFactorApi;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A service resends a PIN as Infobip does: the same PIN goes out again, over SMS or voice, until
 * the PIN is verified, expires or has no attempts left, so a late message never turns into a wrong
 * attempt. The PIN stays recoverable under the realm key that sealed it, across a key rotation.
 */
@RealKeycloak
class SamePinResendIT {

    private static final String TEMPLATE = "{\"pinType\": \"NUMERIC\", \"messageText\": \"Code {{pin}}\", \"pinLength\": 6}";

    private KeycloakServer keycloak;

    @AfterEach
    void putTheClockBack() {
        if (keycloak != null) {
            keycloak.setTimeOffset(0);
        }
    }

    @Test
    void a_resend_by_sms_and_by_voice_sends_the_first_pin_which_then_verifies(KeycloakServer keycloak) {
        this.keycloak = keycloak;
        TwoFactorApi api = TwoFactorApi.newRealmWithKey(keycloak, "resend", "2fa:manage");
        String appId = api.createApplication("{\"name\": \"same\", \"configuration\": {\"pinAttempts\": 4}}");
        String messageId = api.createTemplate(appId, TEMPLATE);
        String pinId = api.sendSms(appId, messageId, "41797770001").get("pinId").asText();
        String first = api.lastPinSentTo("41797770001");
        assertThat(api.verify(pinId, wrong(first)).statusCode()).isEqualTo(200);

        JsonNode bySms = KeycloakServer.json(api.post("/2/pin/" + pinId + "/resend", null).body());
        assertThat(bySms.get("pinId").asText()).isEqualTo(pinId);
        assertThat(bySms.get("smsStatus").asText()).isEqualTo("MESSAGE_SENT");
        assertThat(bySms.get("ncStatus").asText()).as("the send asked for no lookup: the resend makes one")
                .isEqualTo("NC_DESTINATION_UNKNOWN");
        assertThat(api.lastPinSentTo("41797770001")).as("the SMS resend carries the first PIN").isEqualTo(first);
        JsonNode byVoice = KeycloakServer.json(api.post("/2/pin/" + pinId + "/resend/voice", null).body());
        assertThat(byVoice.get("callStatus").asText()).isEqualTo("PENDING_ACCEPTED");
        assertThat(api.lastPinSentTo("41797770001")).as("the call reads out the first PIN").isEqualTo(first);

        keycloak.setTimeOffset(4);
        JsonNode verified = KeycloakServer.json(api.verify(pinId, first).body());
        assertThat(verified.get("verified").asBoolean()).isTrue();
        assertThat(verified.get("attemptsRemaining").asInt()).as("resends give no attempts back").isEqualTo(3);

        assertError(api.post("/2/pin/" + pinId + "/resend", null), 400, "BAD_REQUEST",
                "[pinId : was already verified: there is nothing to resend]");
    }

    @Test
    void a_resend_neither_extends_the_time_to_live_nor_outlives_it(KeycloakServer keycloak) {
        this.keycloak = keycloak;
        TwoFactorApi api = TwoFactorApi.newRealmWithKey(keycloak, "resend", "2fa:manage");
        String appId = api.createApplication("{\"name\": \"ttl\", \"configuration\": {\"pinTimeToLive\": \"10m\"}}");
        String messageId = api.createTemplate(appId, TEMPLATE);
        String pinId = api.sendSms(appId, messageId, "41797770002").get("pinId").asText();
        String pin = api.lastPinSentTo("41797770002");

        keycloak.setTimeOffset(9 * 60);
        assertThat(api.post("/2/pin/" + pinId + "/resend", null).statusCode()).isEqualTo(200);
        assertThat(api.lastPinSentTo("41797770002")).isEqualTo(pin);

        keycloak.setTimeOffset(10 * 60);
        assertThat(KeycloakServer.json(api.verify(pinId, pin).body()).get("pinError").asText()).isEqualTo("TTL_EXPIRED");
        assertError(api.post("/2/pin/" + pinId + "/resend/voice", null), 400, "BAD_REQUEST",
                "[pinId : has expired or has no attempts left: send a new PIN]");
    }

    @Test
    void a_used_up_pin_is_not_resent(KeycloakServer keycloak) {
        TwoFactorApi api = TwoFactorApi.newRealmWithKey(keycloak, "resend", "2fa:manage");
        String appId = api.createApplication("{\"name\": \"once\", \"configuration\": {\"pinAttempts\": 1}}");
        String messageId = api.createTemplate(appId, TEMPLATE);
        String pinId = api.sendSms(appId, messageId, "41797770003").get("pinId").asText();
        String pin = api.lastPinSentTo("41797770003");

        assertThat(KeycloakServer.json(api.verify(pinId, wrong(pin)).body()).get("attemptsRemaining").asInt()).isZero();

        assertError(api.post("/2/pin/" + pinId + "/resend", null), 400, "BAD_REQUEST",
                "[pinId : has expired or has no attempts left: send a new PIN]");
        assertThat(outboxTexts(keycloak, api, "41797770003")).as("nothing went out after the send").hasSize(1);
    }

    @Test
    void after_a_key_rotation_the_pin_is_still_resent_and_once_its_key_is_gone_it_is_not(KeycloakServer keycloak) {
        TwoFactorApi api = TwoFactorApi.newRealmWithKey(keycloak, "resend", "2fa:manage");
        String appId = api.createApplication("{\"name\": \"rotation\"}");
        String messageId = api.createTemplate(appId, TEMPLATE);
        String pinId = api.sendSms(appId, messageId, "41797770004").get("pinId").asText();
        String pin = api.lastPinSentTo("41797770004");
        List<String> before = hs512Keys(keycloak, api.realm());

        addHs512Key(keycloak, api.realm(), "rotated", 500);
        assertThat(api.post("/2/pin/" + pinId + "/resend", null).statusCode()).isEqualTo(200);
        assertThat(api.lastPinSentTo("41797770004")).as("sealed under the old key, opened with it").isEqualTo(pin);

        before.forEach(id -> assertThat(keycloak.admin("DELETE", "/realms/" + api.realm() + "/components/" + id, null)
                .statusCode()).isEqualTo(204));
        assertError(api.post("/2/pin/" + pinId + "/resend", null), 400, "BAD_REQUEST",
                "[pinId : can no longer be resent: send a new PIN]");
    }

    @Test
    void a_number_the_lookup_finds_not_reachable_gets_nothing_spends_no_limit_and_leaves_no_record(KeycloakServer keycloak) {
        TwoFactorApi api = TwoFactorApi.newRealmWithKey(keycloak, "resend", "2fa:manage");
        String appId = api.createApplication("""
                {"name": "lookup", "configuration": {"sendPinPerApplicationLimit": "1/1d", "sendPinPerPhoneNumberLimit": "1/1d"}}""");
        String messageId = api.createTemplate(appId, TEMPLATE);
        String body = "{\"applicationId\": \"%s\", \"messageId\": \"%s\", \"to\": \"99912345678\"}".formatted(appId, messageId);

        for (int i = 0; i < 2; i++) {
            HttpResponse<String> response = api.post("/2/pin?ncNeeded=true", body);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JsonNode answer = KeycloakServer.json(response.body());
            assertThat(answer.get("ncStatus").asText()).isEqualTo("NC_DESTINATION_NOT_REACHABLE");
            assertThat(answer.get("smsStatus").asText()).isEqualTo("MESSAGE_NOT_SENT");
            assertThat(answer.get("to").asText()).isEqualTo("99912345678");
            assertThat(answer.has("pinId")).as("no PIN was issued").isFalse();
        }

        assertThat(KeycloakServer.json(api.get("/2/applications/" + appId + "/verifications?msisdn=99912345678").body())
                .get("verifications")).as("no verification record").isEmpty();
        assertThat(outboxTexts(keycloak, api, "99912345678")).isEmpty();
        assertThat(api.sendSms(appId, messageId, "41797770005").get("smsStatus").asText())
                .as("the application's limit of one was not spent").isEqualTo("MESSAGE_SENT");
    }

    static String wrong(String pin) {
        return pin.equals("000000") ? "000001" : "000000";
    }

    private static List<String> outboxTexts(KeycloakServer keycloak, TwoFactorApi api, String to) {
        List<String> texts = new ArrayList<>();
        for (JsonNode message : KeycloakServer.json(keycloak.adminGet("/realms/" + api.realm() + "/2fa/dev-outbox").body())) {
            if (message.get("to").asText().equals(to)) {
                texts.add(message.get("text").asText());
            }
        }
        return texts;
    }

    private static List<String> hs512Keys(KeycloakServer keycloak, String realm) {
        HttpResponse<String> response = keycloak.adminGet("/realms/" + realm + "/components?type=org.keycloak.keys.KeyProvider");
        List<String> ids = new ArrayList<>();
        for (JsonNode component : KeycloakServer.json(response.body())) {
            String provider = component.path("providerId").asText();
            if (provider.equals("hmac-generated-hs512") || (provider.equals("hmac-generated")
                    && component.path("config").path("algorithm").path(0).asText().equals("HS512"))) {
                ids.add(component.get("id").asText());
            }
        }
        assertThat(ids).as("every realm has an HS512 key").isNotEmpty();
        return ids;
    }

    private static void addHs512Key(KeycloakServer keycloak, String realm, String name, int priority) {
        String realmId = KeycloakServer.json(keycloak.adminGet("/realms/" + realm).body()).get("id").asText();
        HttpResponse<String> created = keycloak.adminPost("/realms/" + realm + "/components", """
                {"name": "%s", "providerId": "hmac-generated", "providerType": "org.keycloak.keys.KeyProvider",
                 "parentId": "%s", "config": {"priority": ["%d"], "algorithm": ["HS512"]}}""".formatted(name, realmId, priority));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    }
}
