package io.github.keycloakpin2fa.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.keycloakpin2fa.testing.KeycloakServer;
import io.github.keycloakpin2fa.testing.MetricsScrape;
import io.github.keycloakpin2fa.testing.RealKeycloak;
import io.github.keycloakpin2fa.testing.TwoFactorApi;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An operator watches the 2FA traffic on Keycloak's metrics endpoint: after real sends, resends,
 * verifies and refusals through the API, each counter moved by exactly what happened, per
 * application, and no label carries a phone number.
 */
@RealKeycloak
class MetricsIT {

    private static final String TEMPLATE = "{\"pinType\": \"NUMERIC\", \"messageText\": \"Code {{pin}}\", \"pinLength\": 6}";
    private static final String SENT = "pin2fa_pins_sent_total";
    private static final String VERIFICATIONS = "pin2fa_verifications_total";
    private static final String REFUSALS = "pin2fa_refusals_total";
    private static final String LATENCY_COUNT = "pin2fa_delivery_latency_seconds_count";

    private KeycloakServer keycloak;

    @AfterEach
    void putTheClockBack() {
        if (keycloak != null) {
            keycloak.setTimeOffset(0);
        }
    }

    @Test
    void sends_verifications_refusals_and_latency_are_counted_exactly(KeycloakServer keycloak) {
        this.keycloak = keycloak;
        TwoFactorApi api = TwoFactorApi.newRealmWithKey(keycloak, "metrics", "2fa:manage");
        String realm = api.realm();
        String login = api.createApplication("""
                {"name": "login", "configuration": {"pinAttempts": 2, "pinTimeToLive": "10m",
                 "sendPinPerPhoneNumberLimit": "2/1d", "verifyPinLimit": "20/1d"}}""");
        String loginTemplate = api.createTemplate(login, TEMPLATE);
        String strict = api.createApplication("{\"name\": \"strict\", \"configuration\": {\"verifyPinLimit\": \"1/1d\"}}");
        String strictTemplate = api.createTemplate(strict, TEMPLATE);
        MetricsScrape before = MetricsScrape.of(keycloak);

        // One PIN verified at the second try, after a resend; a third send to that number is refused.
        String first = api.sendSms(login, loginTemplate, "41795550001").get("pinId").asText();
        assertThat(api.post("/2/pin/" + first + "/resend", null).statusCode()).isEqualTo(200);
        assertThat(api.post("/2/pin?ncNeeded=false", """
                {"applicationId": "%s", "messageId": "%s", "to": "41795550001"}""".formatted(login, loginTemplate)).statusCode())
                .isEqualTo(429);
        assertThat(verify(api, first, wrongPin(api, "41795550001"))).isEqualTo("WRONG_PIN");
        assertThat(verify(api, first, api.lastPinSentTo("41795550001"))).isEqualTo("verified");
        // One PIN tried wrong until no attempt is left.
        String second = api.sendSms(login, loginTemplate, "41795550002").get("pinId").asText();
        String wrong = wrongPin(api, "41795550002");
        assertThat(verify(api, second, wrong)).isEqualTo("WRONG_PIN");
        assertThat(verify(api, second, wrong)).isEqualTo("WRONG_PIN");
        assertThat(verify(api, second, wrong)).isEqualTo("NO_MORE_PIN_ATTEMPTS");
        // One PIN that expired.
        String third = api.sendSms(login, loginTemplate, "41795550003").get("pinId").asText();
        keycloak.setTimeOffset(11 * 60);
        assertThat(verify(api, third, api.lastPinSentTo("41795550003"))).isEqualTo("TTL_EXPIRED");
        keycloak.setTimeOffset(0);
        // Another application, whose verify limit refuses the second try.
        String fourth = api.sendSms(strict, strictTemplate, "41795550004").get("pinId").asText();
        assertThat(verify(api, fourth, wrongPin(api, "41795550004"))).isEqualTo("WRONG_PIN");
        assertThat(api.verify(fourth, api.lastPinSentTo("41795550004")).statusCode()).isEqualTo(429);

        MetricsScrape after = MetricsScrape.of(keycloak);
        Delta delta = new Delta(before, after, realm);
        assertThat(delta.of(SENT, Map.of("application", login, "request", "send", "channel", "sms", "provider", "dev",
                "outcome", "accepted"))).isEqualTo(3);
        assertThat(delta.of(SENT, Map.of("application", login, "request", "resend", "outcome", "accepted"))).isEqualTo(1);
        assertThat(delta.of(SENT, Map.of("application", strict, "request", "send", "outcome", "accepted"))).isEqualTo(1);
        assertThat(delta.of(SENT, Map.of())).as("every message of this realm").isEqualTo(5);

        assertThat(delta.of(VERIFICATIONS, Map.of("application", login, "outcome", "verified"))).isEqualTo(1);
        assertThat(delta.of(VERIFICATIONS, Map.of("application", login, "outcome", "WRONG_PIN"))).isEqualTo(3);
        assertThat(delta.of(VERIFICATIONS, Map.of("application", login, "outcome", "NO_MORE_PIN_ATTEMPTS"))).isEqualTo(1);
        assertThat(delta.of(VERIFICATIONS, Map.of("application", login, "outcome", "TTL_EXPIRED"))).isEqualTo(1);
        assertThat(delta.of(VERIFICATIONS, Map.of("application", strict, "outcome", "WRONG_PIN"))).isEqualTo(1);
        assertThat(delta.of(VERIFICATIONS, Map.of())).as("a refused verify is no verification").isEqualTo(7);

        assertThat(delta.of(REFUSALS, Map.of("application", login, "limit", "sendPinPerPhoneNumberLimit"))).isEqualTo(1);
        assertThat(delta.of(REFUSALS, Map.of("application", strict, "limit", "verifyPinLimit"))).isEqualTo(1);
        assertThat(delta.of(REFUSALS, Map.of())).isEqualTo(2);

        // The histogram has no realm label: the dev sender's count moved by this test's five messages.
        assertThat(after.sum(LATENCY_COUNT, Map.of("provider", "dev", "channel", "sms", "status", "accepted"))
                - before.sum(LATENCY_COUNT, Map.of("provider", "dev", "channel", "sms", "status", "accepted"))).isEqualTo(5);
        assertThat(after.series()).as("a bucket per bound, up to +Inf")
                .anyMatch(s -> s.name().equals("pin2fa_delivery_latency_seconds_bucket") && "+Inf".equals(s.labels().get("le"))
                        && "dev".equals(s.labels().get("provider")));

        assertThat(after.text()).as("no phone number in any label")
                .doesNotContain("41795550001").doesNotContain("5550001").doesNotContain("41795550004");
    }

    @Test
    void every_metric_the_grafana_dashboard_queries_is_served(KeycloakServer keycloak) throws IOException {
        this.keycloak = keycloak;
        TwoFactorApi api = TwoFactorApi.newRealmWithKey(keycloak, "metrics", "2fa:manage");
        String app = api.createApplication("{\"name\": \"dashboard\", \"configuration\": {\"verifyPinLimit\": \"1/1d\"}}");
        String template = api.createTemplate(app, TEMPLATE);
        String pinId = api.sendSms(app, template, "41795550005").get("pinId").asText();
        verify(api, pinId, api.lastPinSentTo("41795550005"));
        api.verify(pinId, "000000"); // refused: a refusal series exists

        String dashboard = Files.readString(Path.of("docs/grafana/keycloak-pin-2fa.json"));
        Matcher m = Pattern.compile("pin2fa_[a-z_]+").matcher(dashboard);
        TreeSet<String> queried = new TreeSet<>();
        while (m.find()) {
            queried.add(m.group());
        }
        MetricsScrape scrape = MetricsScrape.of(keycloak);
        assertThat(queried).isNotEmpty();
        for (String name : queried) {
            assertThat(scrape.series()).as("Keycloak serves %s", name).anyMatch(s -> s.name().equals(name));
        }
    }

    /** A PIN of the right shape that is surely not the one sent to {@code to}. */
    private static String wrongPin(TwoFactorApi api, String to) {
        return api.lastPinSentTo(to).equals("111111") ? "222222" : "111111";
    }

    private static String verify(TwoFactorApi api, String pinId, String pin) {
        JsonNode answer = KeycloakServer.json(api.verify(pinId, pin).body());
        return answer.get("verified").asBoolean() ? "verified" : answer.get("pinError").asText();
    }

    /** How much the series of one realm moved between two scrapes. */
    private record Delta(MetricsScrape before, MetricsScrape after, String realm) {

        double of(String name, Map<String, String> labels) {
            Map<String, String> inRealm = new java.util.HashMap<>(labels);
            inRealm.put("realm", realm);
            return after.sum(name, inRealm) - before.sum(name, inRealm);
        }
    }
}
