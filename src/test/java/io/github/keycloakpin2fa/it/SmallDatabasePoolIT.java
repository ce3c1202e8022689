package io.github.keycloakpin2fa.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.keycloakpin2fa.testing.KeycloakServer;
import io.github.keycloakpin2fa.testing.OwnKeycloak;
import io.github.keycloakpin2fa.testing.Parallel;
import io.github.keycloakpin2fa.testing.TwoFactorApi;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Pool starvation: a Keycloak whose database pool has 2 connections answers 8 requests at once,
 * each within 5 seconds. A request that held one connection (or a PIN's row lock, which makes
 * the others wait with theirs) while it waited for a second would stall: with 2 connections and
 * 8 requests, two such requests each hold one and wait for the other until the pool gives up.
 * Its own server (the shared one keeps Keycloak's default pool), on the shared server's ports
 * plus 2.
 */
class SmallDatabasePoolIT {

    private static final long FIVE_SECONDS = 5_000;
    private static final String TEMPLATE = "{\"pinType\": \"NUMERIC\", \"messageText\": \"Your PIN is {{pin}}\", \"pinLength\": 6}";

    private static KeycloakServer keycloak;
    private static TwoFactorApi api;
    private static String appId;
    private static String messageId;

    @BeforeAll
    static void startAKeycloakWithAPoolOfTwo() {
        keycloak = OwnKeycloak.start("small-pool", List.of("--db-pool-max-size=2", "--db-pool-min-size=1", "--db-pool-initial-size=1"));
        api = TwoFactorApi.newRealmWithKey(keycloak, "pool", "2fa:manage");
        appId = api.createApplication("""
                {"name": "pool", "configuration": {"pinAttempts": 20, "verifyPinLimit": "1000/1s",
                 "sendPinPerPhoneNumberLimit": "100/1d", "sendPinPerApplicationLimit": "1000/1d"}}""");
        messageId = api.createTemplate(appId, TEMPLATE);
    }

    @AfterAll
    static void stop() {
        if (keycloak != null) {
            keycloak.close();
        }
    }

    @Test
    void eight_verifies_of_one_pin_at_once_all_answer_within_five_seconds_and_count_every_attempt() throws Exception {
        String pinId = api.sendSms(appId, messageId, "41795559001").get("pinId").asText();
        String pin = api.lastPinSentTo("41795559001");
        String wrong = pin.equals("000000") ? "111111" : "000000";

        List<HttpResponse<String>> answers = eightAtOnceEachWithinFiveSeconds(i -> api.verify(pinId, wrong));

        List<Integer> remaining = new ArrayList<>();
        for (HttpResponse<String> answer : answers) {
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            JsonNode body = KeycloakServer.json(answer.body());
            assertThat(body.get("verified").asBoolean()).isFalse();
            assertThat(body.get("pinError").asText()).isEqualTo("WRONG_PIN");
            remaining.add(body.get("attemptsRemaining").asInt());
        }
        // Each wrong PIN took exactly one of the 20 attempts: the answers say 19 down to 12, once each.
        assertThat(remaining).containsExactlyInAnyOrder(19, 18, 17, 16, 15, 14, 13, 12);
        JsonNode right = KeycloakServer.json(api.verify(pinId, pin).body());
        assertThat(right.get("verified").asBoolean()).isTrue();
    }

    @Test
    void eight_verifies_of_eight_pins_at_once_all_answer_within_five_seconds() throws Exception {
        List<String> pinIds = new ArrayList<>();
        List<String> pins = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String to = "4179555902" + i;
            pinIds.add(api.sendSms(appId, messageId, to).get("pinId").asText());
            pins.add(api.lastPinSentTo(to));
        }

        List<HttpResponse<String>> answers = eightAtOnceEachWithinFiveSeconds(i -> api.verify(pinIds.get(i), pins.get(i)));

        assertThat(answers).allSatisfy(answer -> {
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            assertThat(KeycloakServer.json(answer.body()).get("verified").asBoolean()).as(answer.body()).isTrue();
        });
    }

    @Test
    void resends_that_call_the_vendor_and_verifies_of_the_same_pin_at_once_all_answer_within_five_seconds() throws Exception {
        String pinId = api.sendSms(appId, messageId, "41795559003").get("pinId").asText();
        String pin = api.lastPinSentTo("41795559003");
        String wrong = pin.equals("000000") ? "111111" : "000000";

        List<HttpResponse<String>> answers = eightAtOnceEachWithinFiveSeconds(i -> i % 2 == 0
                ? api.post("/2/pin/" + pinId + "/resend", "{}")
                : api.verify(pinId, wrong));

        List<Integer> remaining = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            HttpResponse<String> answer = answers.get(i);
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            JsonNode body = KeycloakServer.json(answer.body());
            if (i % 2 == 0) {
                assertThat(body.get("smsStatus").asText()).as(answer.body()).isEqualTo("MESSAGE_SENT");
            } else {
                remaining.add(body.get("attemptsRemaining").asInt());
            }
        }
        assertThat(remaining).containsExactlyInAnyOrder(19, 18, 17, 16);
        // A resend sends the same PIN: it still verifies.
        assertThat(api.lastPinSentTo("41795559003")).isEqualTo(pin);
        assertThat(KeycloakServer.json(api.verify(pinId, pin).body()).get("verified").asBoolean()).isTrue();
    }

    /** Sends 8 requests at once; every one must answer within 5 s. The answers, in request order. */
    private static List<HttpResponse<String>> eightAtOnceEachWithinFiveSeconds(IntFunction<HttpResponse<String>> request)
            throws Exception {
        Map<Integer, Long> millis = new ConcurrentHashMap<>();
        List<HttpResponse<String>> answers = Parallel.run(8, i -> {
            long started = System.nanoTime();
            try {
                return request.apply(i);
            } finally {
                millis.put(i, (System.nanoTime() - started) / 1_000_000);
            }
        });
        assertThat(millis.values()).hasSize(8).allSatisfy(ms -> assertThat(ms).isLessThan(FIVE_SECONDS));
        return answers;
    }
}
