package io.github.keycloakpin2fa.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.github.keycloakpin2fa.testing.KeycloakServer;
import io.github.keycloakpin2fa.testing.RealKeycloak;
import io.github.keycloakpin2fa.testing.RealmSettings;
import io.github.keycloakpin2fa.testing.TwoFactorApi;
import io.github.keycloakpin2fa.testing.VendorStubs;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Each provider once through the real Keycloak, chosen by realm attributes, against vendor stubs
 * on loopback: Infobip voice, Twilio voice, the webhook, and the number lookups of ncNeeded.
 */
@RealKeycloak
class DeliveryProvidersIT {

    static WireMockServer infobip;
    static WireMockServer twilio;
    static WireMockServer webhook;

    TwoFactorApi api;
    String appId;
    String messageId;

    @BeforeAll
    static void startVendors() {
        infobip = VendorStubs.start(VendorStubs.INFOBIP_PORT);
        twilio = VendorStubs.start(VendorStubs.TWILIO_PORT);
        webhook = VendorStubs.start(VendorStubs.WEBHOOK_PORT);
    }

    @AfterAll
    static void stopVendors() {
        infobip.stop();
        twilio.stop();
        webhook.stop();
    }

    @BeforeEach
    void application(KeycloakServer keycloak) {
        infobip.resetAll();
        twilio.resetAll();
        webhook.resetAll();
        RealmSettings.ensureRealm(keycloak, VendorStubs.REALM);
        api = TwoFactorApi.withNewKey(keycloak, VendorStubs.REALM, "2fa:manage");
        appId = api.createApplication("{\"name\": \"providers\", \"configuration\": {\"sendPinPerPhoneNumberLimit\": \"100/1d\"}}");
        messageId = api.createTemplate(appId, """
                {"pinType": "NUMERIC", "pinLength": 6, "messageText": "Ihr Code lautet {{pin}}", "language": "de",
                 "voiceName": "Hans", "speechRate": 0.9, "repeatDTMF": "1#"}""");
    }

    JsonNode send(String path, String to) {
        HttpResponse<String> response = api.post(path, "{\"applicationId\": \"%s\", \"messageId\": \"%s\", \"to\": \"%s\"}"
                .formatted(appId, messageId, to));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return KeycloakServer.json(response.body());
    }

    @Test
    void infobip_voice_speaks_the_pin_digit_by_digit_with_the_templates_voice_settings(KeycloakServer keycloak) {
        RealmSettings.setAttributes(keycloak, VendorStubs.REALM, Map.of("pin2fa.delivery.voice", "infobip-voice"));
        infobip.stubFor(post(urlEqualTo("/tts/3/advanced")).willReturn(aResponse().withStatus(200).withBody("""
                {"bulkId": "b1", "messages": [{"to": "41793026711", "messageId": "v-1",
                 "status": {"groupId": 1, "groupName": "PENDING", "id": 26, "name": "PENDING_ACCEPTED"}}]}""")));

        JsonNode sent = send("/2/pin/voice", "41793026711");

        assertThat(sent.get("callStatus").asText()).isEqualTo("PENDING_ACCEPTED");
        infobip.verify(postRequestedFor(urlEqualTo("/tts/3/advanced"))
                .withHeader("Authorization", equalTo("App " + VendorStubs.VAULT.get("infobip-api-key")))
                .withRequestBody(matchingJsonPath("$.messages[0].text", matching("Ihr Code lautet [0-9] [0-9] [0-9] [0-9] [0-9] [0-9]")))
                .withRequestBody(matchingJsonPath("$.messages[0].language", equalTo("de")))
                .withRequestBody(matchingJsonPath("$.messages[0].voice.name", equalTo("Hans")))
                .withRequestBody(matchingJsonPath("$.messages[0].repeatDtmf", equalTo("1#")))
                .withRequestBody(matchingJsonPath("$.messages[0].from", equalTo("41793012321"))));
    }

    @Test
    void twilio_voice_calls_with_twiml_in_the_templates_language(KeycloakServer keycloak) {
        RealmSettings.setAttributes(keycloak, VendorStubs.REALM, Map.of("pin2fa.delivery.voice", "twilio-voice"));
        String calls = "/2010-04-01/Accounts/" + VendorStubs.TWILIO_ACCOUNT + "/Calls.json";
        twilio.stubFor(post(urlEqualTo(calls)).willReturn(aResponse().withStatus(201).withBody("{\"sid\": \"CA1\", \"status\": \"queued\"}")));

        JsonNode sent = send("/2/pin/voice", "41793026712");

        assertThat(sent.get("callStatus").asText()).isEqualTo("PENDING_ACCEPTED");
        String form = URLDecoder.decode(twilio.findAll(postRequestedFor(urlEqualTo(calls))).get(0).getBodyAsString(), StandardCharsets.UTF_8);
        assertThat(form).contains("To=+41793026712", "From=+15005550006",
                "<Say language=\"de-DE\" voice=\"Polly.Joanna\"><prosody rate=\"90%\">Ihr Code lautet</prosody></Say>",
                "</prosody></Say><Pause length=\"1\"/>");
    }

    @Test
    void the_requests_from_wins_over_twilios_configured_sender_on_send_and_resend(KeycloakServer keycloak) {
        RealmSettings.setAttributes(keycloak, VendorStubs.REALM, Map.of("pin2fa.delivery.sms", "twilio-sms",
                "pin2fa.delivery.voice", "twilio-voice"));
        String messages = "/2010-04-01/Accounts/" + VendorStubs.TWILIO_ACCOUNT + "/Messages.json";
        String calls = "/2010-04-01/Accounts/" + VendorStubs.TWILIO_ACCOUNT + "/Calls.json";
        twilio.stubFor(post(urlEqualTo(messages)).willReturn(aResponse().withStatus(201).withBody("{\"sid\": \"SM1\"}")));
        twilio.stubFor(post(urlEqualTo(calls)).willReturn(aResponse().withStatus(201).withBody("{\"sid\": \"CA1\"}")));

        HttpResponse<String> response = api.post("/2/pin?ncNeeded=false", """
                {"applicationId": "%s", "messageId": "%s", "to": "41793026716", "from": "InfoSMS"}""".formatted(appId, messageId));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        String pinId = KeycloakServer.json(response.body()).get("pinId").asText();
        assertThat(api.post("/2/pin/" + pinId + "/resend", null).statusCode()).isEqualTo(200);
        assertThat(api.post("/2/pin/" + pinId + "/resend/voice", null).statusCode()).isEqualTo(200);

        assertThat(twilio.findAll(postRequestedFor(urlEqualTo(messages))))
                .extracting(r -> URLDecoder.decode(r.getBodyAsString(), StandardCharsets.UTF_8))
                .hasSize(2).allSatisfy(form -> assertThat(form).contains("From=InfoSMS").doesNotContain("+15005550006"));
        String call = URLDecoder.decode(twilio.findAll(postRequestedFor(urlEqualTo(calls))).get(0).getBodyAsString(),
                StandardCharsets.UTF_8);
        assertThat(call).as("Twilio calls only from a number: the configured one").contains("From=+15005550006");
    }

    @Test
    void the_webhook_gets_json_with_its_bearer_token_from_the_vault(KeycloakServer keycloak) {
        RealmSettings.setAttributes(keycloak, VendorStubs.REALM, Map.of("pin2fa.delivery.sms", "webhook"));
        webhook.stubFor(post(urlEqualTo("/pin")).willReturn(aResponse().withStatus(204)));

        JsonNode sent = send("/2/pin?ncNeeded=false", "41793026713");

        assertThat(sent.get("smsStatus").asText()).isEqualTo("MESSAGE_SENT");
        webhook.verify(postRequestedFor(urlEqualTo("/pin"))
                .withHeader("Authorization", equalTo("Bearer " + VendorStubs.VAULT.get("hook-token")))
                .withRequestBody(matchingJsonPath("$.channel", equalTo("SMS")))
                .withRequestBody(matchingJsonPath("$.to", equalTo("41793026713")))
                .withRequestBody(matchingJsonPath("$.text", matching("Ihr Code lautet [0-9]{6}"))));
    }

    @Test
    void a_number_that_cannot_exist_gets_no_sms(KeycloakServer keycloak) {
        RealmSettings.setAttributes(keycloak, VendorStubs.REALM, Map.of("pin2fa.delivery.sms", "infobip-sms",
                "pin2fa.number-lookup", "libphonenumber"));

        JsonNode sent = send("/2/pin?ncNeeded=true", "99912345678");

        assertThat(sent.get("ncStatus").asText()).isEqualTo("NC_DESTINATION_NOT_REACHABLE");
        assertThat(sent.get("smsStatus").asText()).isEqualTo("MESSAGE_NOT_SENT");
        assertThat(infobip.findAll(anyRequestedFor(anyUrl()))).isEmpty();
    }

    @Test
    void infobips_number_lookup_decides_when_the_realm_chooses_it(KeycloakServer keycloak) {
        RealmSettings.setAttributes(keycloak, VendorStubs.REALM, Map.of("pin2fa.delivery.sms", "infobip-sms",
                "pin2fa.number-lookup", "infobip"));
        infobip.stubFor(post(urlEqualTo("/number/1/query")).willReturn(aResponse().withStatus(200).withBody("""
                {"results": [{"to": "41793026714", "mccMnc": "22801", "ported": false, "roaming": false,
                 "status": {"groupId": 3, "groupName": "DELIVERED", "id": 5, "name": "DELIVERED_TO_HANDSET"},
                 "error": {"groupId": 0, "groupName": "OK", "id": 0, "name": "NO_ERROR", "permanent": false}}]}""")));
        infobip.stubFor(post(urlEqualTo("/sms/3/messages")).willReturn(aResponse().withStatus(200).withBody("""
                {"messages": [{"messageId": "s-1", "status": {"groupName": "PENDING", "name": "PENDING_ACCEPTED"}}]}""")));

        JsonNode reachable = send("/2/pin?ncNeeded=true", "41793026714");

        assertThat(reachable.get("ncStatus").asText()).isEqualTo("NC_DESTINATION_REACHABLE");
        assertThat(reachable.get("smsStatus").asText()).isEqualTo("MESSAGE_SENT");
        infobip.verify(postRequestedFor(urlEqualTo("/number/1/query"))
                .withHeader("Authorization", equalTo("App " + VendorStubs.VAULT.get("infobip-api-key")))
                .withRequestBody(equalToJson("{\"to\": [\"41793026714\"]}")));
        infobip.verify(1, postRequestedFor(urlEqualTo("/sms/3/messages")));
    }
}
