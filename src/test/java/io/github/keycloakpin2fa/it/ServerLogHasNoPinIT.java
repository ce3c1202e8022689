package io.github.keycloakpin2fa.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
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
import io.github.keycloakpin2fa.testing.RunsLast;
import io.github.keycloakpin2fa.testing.TwoFactorApi;
import io.github.keycloakpin2fa.testing.VendorStubs;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * An operator ships the server log to a log service that many people read: no PIN may be in it.
 * This class runs after every other class of the run; it collects every PIN the run sent (from
 * each realm's dev outbox, and from a webhook gateway that echoes what it receives in a failure
 * answer) and searches the whole log of the run for each one.
 */
@RealKeycloak
@RunsLast
class ServerLogHasNoPinIT {

    /** The dev sender's console category: the one place that prints PINs, on purpose, in dev mode. */
    private static final String DEV_SENDER_CATEGORY = "io.github.keycloakpin2fa.dev-sender";

    /** A PIN in a message text: 6 to 12 digits or capital letters standing alone. */
    private static final Pattern PIN = Pattern.compile("(?<![0-9A-Za-z])[0-9A-Z]{6,12}(?![0-9A-Za-z])");

    @Test
    void the_whole_server_log_of_the_run_holds_none_of_the_pins_it_sent(KeycloakServer keycloak) {
        Set<String> pins = new LinkedHashSet<>(echoingGatewayFails(keycloak));
        for (JsonNode realm : KeycloakServer.json(keycloak.adminGet("/realms").body())) {
            String name = realm.get("realm").asText();
            JsonNode outbox = KeycloakServer.json(keycloak.adminGet("/realms/" + name + "/2fa/dev-outbox?max=500").body());
            for (JsonNode message : outbox) {
                pins.addAll(pinsIn(message.get("text").asText()));
            }
        }
        // The dev sender prints each message on the console by design (development mode only, its
        // own category); every other line of the log must hold no PIN.
        String log = keycloak.serverLog().lines().filter(line -> !line.contains("[" + DEV_SENDER_CATEGORY + "]"))
                .collect(java.util.stream.Collectors.joining("\n"));

        System.out.printf("ServerLogHasNoPinIT: %d PINs searched in %d characters of server log%n", pins.size(), log.length());
        assertThat(pins).as("PINs this run sent").hasSizeGreaterThan(20);
        assertThat(log).as("the vendor's echo reached the log, scrubbed").contains("[PIN]");
        assertThat(pins).allSatisfy(pin -> assertThat(Pattern.compile("(?<![0-9A-Za-z])" + pin + "(?![0-9A-Za-z])").matcher(log).find())
                .as("PIN %s in the server log", pin).isFalse());
    }

    /** A webhook gateway that answers 502 with the body it got (PIN included): the send fails, the log says why. */
    private static List<String> echoingGatewayFails(KeycloakServer keycloak) {
        WireMockServer gateway = VendorStubs.start(VendorStubs.WEBHOOK_PORT);
        try {
            gateway.stubFor(post(urlEqualTo("/pin")).willReturn(aResponse().withStatus(502)
                    .withBody("gateway refused: {{request.body}}").withTransformers("response-template")));
            RealmSettings.ensureRealm(keycloak, VendorStubs.REALM);
            RealmSettings.setAttributes(keycloak, VendorStubs.REALM, Map.of("pin2fa.delivery.sms", "webhook"));
            try {
                TwoFactorApi api = TwoFactorApi.withNewKey(keycloak, VendorStubs.REALM, "2fa:manage");
                String appId = api.createApplication("{\"name\": \"echo\"}");
                String messageId = api.createTemplate(appId, "{\"pinType\": \"NUMERIC\", \"messageText\": \"PIN {{pin}}\", \"pinLength\": 8}");
                JsonNode sent = api.sendSms(appId, messageId, "41795559876");
                assertThat(sent.get("smsStatus").asText()).isEqualTo("MESSAGE_NOT_SENT");
            } finally {
                RealmSettings.setAttributes(keycloak, VendorStubs.REALM, Map.of("pin2fa.delivery.sms", ""));
            }
            List<LoggedRequest> requests = gateway.findAll(postRequestedFor(urlEqualTo("/pin")));
            assertThat(requests).isNotEmpty();
            return requests.stream().flatMap(r -> pinsIn(KeycloakServer.json(r.getBodyAsString()).get("text").asText()).stream()).toList();
        } finally {
            gateway.stop();
        }
    }

    private static List<String> pinsIn(String text) {
        Matcher matcher = PIN.matcher(text);
        List<String> found = new java.util.ArrayList<>();
        while (matcher.find()) {
            found.add(matcher.group());
        }
        return found;
    }
}
