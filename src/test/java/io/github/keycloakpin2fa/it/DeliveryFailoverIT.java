package io.github.keycloakpin2fa.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.github.keycloakpin2fa.testing.KeycloakServer;
import io.github.keycloakpin2fa.testing.RealKeycloak;
import io.github.keycloakpin2fa.testing.RealmSettings;
import io.github.keycloakpin2fa.testing.TwoFactorApi;
import io.github.keycloakpin2fa.testing.VendorStubs;
import java.net.URLDecoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A realm sends SMS through Infobip with Twilio as fallback
 * ({@code pin2fa.delivery.sms=infobip-sms,twilio-sms}); the vendors are stubs on loopback, the
 * keys come from Keycloak's file vault. Whatever the vendors do, the API says what happened.
 */
@RealKeycloak
class DeliveryFailoverIT {

    static final String INFOBIP_SMS = "/sms/3/messages";
    static final String TWILIO_SMS = "/2010-04-01/Accounts/" + VendorStubs.TWILIO_ACCOUNT + "/Messages.json";
    static final Pattern TWILIO_BODY = Pattern.compile("(?:^|&)Body=([^&]*)");

    static WireMockServer infobip;
    static WireMockServer twilio;

    TwoFactorApi api;
    String appId;
    String messageId;

    @BeforeAll
    static void startVendors() {
        infobip = VendorStubs.start(VendorStubs.INFOBIP_PORT);
        twilio = VendorStubs.start(VendorStubs.TWILIO_PORT);
    }

    @AfterAll
    static void stopVendors() {
        infobip.stop();
        twilio.stop();
    }

    @BeforeEach
    void realmWithInfobipThenTwilio(KeycloakServer keycloak) {
        infobip.resetAll();
        twilio.resetAll();
        RealmSettings.ensureRealm(keycloak, VendorStubs.REALM);
        RealmSettings.setAttributes(keycloak, VendorStubs.REALM, Map.of("pin2fa.delivery.sms", "infobip-sms,twilio-sms"));
        api = TwoFactorApi.withNewKey(keycloak, VendorStubs.REALM, "2fa:manage");
        appId = api.createApplication("{\"name\": \"failover\", \"configuration\": {\"sendPinPerPhoneNumberLimit\": \"100/1d\"}}");
        messageId = api.createTemplate(appId,
                "{\"pinType\": \"ALPHANUMERIC\", \"pinLength\": 10, \"messageText\": \"Your code is {{pin}}\", \"senderId\": \"Acme\"}");
    }

    @Test
    void infobip_failing_with_500_fails_over_to_twilio_and_the_pin_arrives(KeycloakServer keycloak) {
        infobip.stubFor(post(urlEqualTo(INFOBIP_SMS)).willReturn(aResponse().withStatus(500).withBody(
                "{\"requestError\": {\"serviceException\": {\"messageId\": \"GENERAL_ERROR\", \"text\": \"Something went wrong.\"}}}")));
        twilio.stubFor(post(urlEqualTo(TWILIO_SMS)).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody("{\"sid\": \"SM0001\", \"status\": \"queued\"}")));

        JsonNode sent = api.sendSms(appId, messageId, "41793026701");

        assertThat(sent.get("smsStatus").asText()).isEqualTo("MESSAGE_SENT");
        infobip.verify(1, postRequestedFor(urlEqualTo(INFOBIP_SMS))
                .withHeader("Authorization", equalTo("App " + VendorStubs.VAULT.get("infobip-api-key"))));
        LoggedRequest sms = twilio.findAll(postRequestedFor(urlEqualTo(TWILIO_SMS))).get(0);
        String text = twilioBody(sms);
        assertThat(text).startsWith("Your code is ");
        String pin = text.substring("Your code is ".length());
        assertThat(KeycloakServer.json(api.verify(sent.get("pinId").asText(), pin).body()).get("verified").asBoolean())
                .as("the PIN that reached the phone verifies").isTrue();
        assertThat(keycloak.serverLog()).as("no PIN and no message text in the log").doesNotContain(pin).doesNotContain(text)
                .contains("via infobip-sms: REJECTED (HTTP 500 GENERAL_ERROR: Something went wrong.)")
                .contains("trying twilio-sms");
    }

    @Test
    void both_vendors_failing_answers_message_not_sent_and_records_no_sent_time(KeycloakServer keycloak) {
        infobip.stubFor(post(urlEqualTo(INFOBIP_SMS)).willReturn(aResponse().withStatus(401).withBody(
                "{\"requestError\": {\"serviceException\": {\"messageId\": \"UNAUTHORIZED\", \"text\": \"Invalid login details\"}}}")));
        twilio.stubFor(post(urlEqualTo(TWILIO_SMS)).willReturn(aResponse().withStatus(400).withBody(
                "{\"code\": 21211, \"message\": \"Invalid 'To' Phone Number\", \"status\": 400}")));

        JsonNode sent = api.sendSms(appId, messageId, "41793026702");

        assertThat(sent.get("smsStatus").asText()).isEqualTo("MESSAGE_NOT_SENT");
        twilio.verify(1, postRequestedFor(urlEqualTo(TWILIO_SMS)));
        JsonNode status = KeycloakServer.json(api.get("/2/applications/" + appId + "/verifications?msisdn=41793026702").body());
        assertThat(status.at("/verifications/0").has("sentAt")).isFalse();
    }

    @Test
    void a_vendor_too_slow_to_answer_is_not_failed_over_so_nobody_gets_two_pins() {
        infobip.stubFor(post(urlEqualTo(INFOBIP_SMS)).willReturn(aResponse().withStatus(200)
                .withFixedDelay(VendorStubs.INFOBIP_SMS_READ_TIMEOUT_MILLIS + 2000)));
        twilio.stubFor(post(urlEqualTo(TWILIO_SMS)).willReturn(aResponse().withStatus(201).withBody("{\"sid\": \"SM2\"}")));

        JsonNode sent = api.sendSms(appId, messageId, "41793026703");

        assertThat(sent.get("smsStatus").asText()).as("Infobip may have sent it").isEqualTo("MESSAGE_SENT");
        infobip.verify(1, postRequestedFor(urlEqualTo(INFOBIP_SMS)));
        assertThat(twilio.findAll(anyRequestedFor(anyUrl()))).isEmpty();
    }

    @Test
    void infobip_answering_429_is_retried_after_retry_after() {
        infobip.stubFor(post(urlEqualTo(INFOBIP_SMS)).inScenario("busy").whenScenarioStateIs("Started")
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1")).willSetStateTo("calm"));
        infobip.stubFor(post(urlEqualTo(INFOBIP_SMS)).inScenario("busy").whenScenarioStateIs("calm")
                .willReturn(aResponse().withStatus(200).withBody("""
                        {"messages": [{"messageId": "m-429", "status": {"groupName": "PENDING", "name": "PENDING_ACCEPTED"}}]}""")));

        JsonNode sent = api.sendSms(appId, messageId, "41793026704");

        assertThat(sent.get("smsStatus").asText()).isEqualTo("MESSAGE_SENT");
        infobip.verify(2, postRequestedFor(urlEqualTo(INFOBIP_SMS)));
        assertThat(twilio.findAll(anyRequestedFor(anyUrl()))).isEmpty();
    }

    @Test
    void a_realm_without_the_key_in_its_vault_sends_nothing_with_it(KeycloakServer keycloak) {
        TwoFactorApi other = TwoFactorApi.newRealmWithKey(keycloak, "novault", "2fa:manage");
        RealmSettings.setAttributes(keycloak, other.realm(), Map.of("pin2fa.delivery.sms", "infobip-sms"));
        String otherApp = other.createApplication("{\"name\": \"no vault\"}");
        String otherMessage = other.createTemplate(otherApp, "{\"pinType\": \"NUMERIC\", \"messageText\": \"Code {{pin}}\"}");

        JsonNode sent = other.sendSms(otherApp, otherMessage, "41793026705");

        assertThat(sent.get("smsStatus").asText()).isEqualTo("MESSAGE_NOT_SENT");
        assertThat(infobip.findAll(anyRequestedFor(anyUrl()))).as("the vault is per realm").isEmpty();
        assertThat(keycloak.serverLog()).contains("api-key of infobip-sms not found in the vault");
    }

    @Test
    void every_attempt_is_counted_in_keycloaks_metrics(KeycloakServer keycloak) {
        infobip.stubFor(post(urlEqualTo(INFOBIP_SMS)).willReturn(aResponse().withStatus(500)));
        twilio.stubFor(post(urlEqualTo(TWILIO_SMS)).willReturn(aResponse().withStatus(201).withBody("{\"sid\": \"SM3\"}")));
        double before = counter(keycloak, "pin2fa_delivery_attempts_total", "provider=\"infobip-sms\"", "status=\"rejected\"");

        api.sendSms(appId, messageId, "41793026706");

        assertThat(counter(keycloak, "pin2fa_delivery_attempts_total", "provider=\"infobip-sms\"", "status=\"rejected\""))
                .isEqualTo(before + 1);
        assertThat(counter(keycloak, "pin2fa_delivery_attempts_total", "provider=\"twilio-sms\"", "status=\"accepted\""))
                .isGreaterThanOrEqualTo(1);
        assertThat(counter(keycloak, "pin2fa_delivery_http_requests_total", "provider=\"infobip-sms\"", "outcome=\"500\""))
                .isGreaterThanOrEqualTo(1);
    }

    static String twilioBody(LoggedRequest request) {
        Matcher m = TWILIO_BODY.matcher(request.getBodyAsString());
        assertThat(m.find()).isTrue();
        return URLDecoder.decode(m.group(1), StandardCharsets.UTF_8);
    }

    /** The value of the first line of Keycloak's Prometheus metrics that names the counter and all the labels. */
    static double counter(KeycloakServer keycloak, String name, String... labels) {
        String metrics = keycloak.send(HttpRequest.newBuilder(keycloak.metricsUri()).GET().build()).body();
        return metrics.lines().filter(l -> l.startsWith(name + "{") && List.of(labels).stream().allMatch(l::contains))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).findFirst().orElse(0);
    }
}
