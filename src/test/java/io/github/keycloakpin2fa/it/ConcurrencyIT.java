package io.github.keycloakpin2fa.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.keycloakpin2fa.testing.KeycloakServer;
import io.github.keycloakpin2fa.testing.Parallel;
import io.github.keycloakpin2fa.testing.RealKeycloak;
import io.github.keycloakpin2fa.testing.TwoFactorApi;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * An attacker fires requests in parallel, hoping two of them slip past a check at once. Every
 * counter is updated atomically in Keycloak's database, so nothing slips.
 */
@RealKeycloak
class ConcurrencyIT {

    @Test
    void fifty_parallel_wrong_verifies_never_use_more_than_pin_attempts_and_never_verify(KeycloakServer keycloak) throws Exception {
        TwoFactorApi api = TwoFactorApi.newRealmWithKey(keycloak, "race", "2fa:manage");
        String appId = api.createApplication("""
                {"name": "race", "configuration": {"pinAttempts": 5, "verifyPinLimit": "1000/1s"}}""");
        String messageId = api.createTemplate(appId, "{\"pinType\": \"NUMERIC\", \"messageText\": \"{{pin}}\", \"pinLength\": 6}");
        String pinId = api.sendSms(appId, messageId, "41795550001").get("pinId").asText();
        String rightPin = api.lastPinSentTo("41795550001");
        String wrongPin = rightPin.equals("000000") ? "111111" : "000000";

        List<JsonNode> answers = inParallel(50, () -> api.verify(pinId, wrongPin));

        assertThat(answers).noneMatch(a -> a.get("verified").asBoolean());
        assertThat(answers).filteredOn(a -> a.get("pinError").asText().equals("WRONG_PIN")).hasSize(5);
        assertThat(answers).filteredOn(a -> a.get("pinError").asText().equals("NO_MORE_PIN_ATTEMPTS")).hasSize(45);
        JsonNode afterwards = KeycloakServer.json(api.verify(pinId, rightPin).body());
        assertThat(afterwards.get("verified").asBoolean()).isFalse();
        assertThat(afterwards.get("pinError").asText()).isEqualTo("NO_MORE_PIN_ATTEMPTS");
    }

    @Test
    void twenty_parallel_right_verifies_of_a_single_use_pin_verify_exactly_once(KeycloakServer keycloak) throws Exception {
        TwoFactorApi api = TwoFactorApi.newRealmWithKey(keycloak, "race", "2fa:manage");
        String appId = api.createApplication("""
                {"name": "once", "configuration": {"allowMultiplePinVerifications": false, "verifyPinLimit": "1000/1s"}}""");
        String messageId = api.createTemplate(appId, "{\"pinType\": \"NUMERIC\", \"messageText\": \"{{pin}}\", \"pinLength\": 6}");
        String pinId = api.sendSms(appId, messageId, "41795550002").get("pinId").asText();
        String pin = api.lastPinSentTo("41795550002");

        List<JsonNode> answers = inParallel(20, () -> api.verify(pinId, pin));

        assertThat(answers).filteredOn(a -> a.get("verified").asBoolean()).hasSize(1);
        assertThat(answers).filteredOn(a -> !a.get("verified").asBoolean())
                .hasSize(19).allMatch(a -> a.get("pinError").asText().equals("NO_MORE_PIN_ATTEMPTS"));
    }

    @Test
    void parallel_sends_never_exceed_the_send_limit(KeycloakServer keycloak) throws Exception {
        TwoFactorApi api = TwoFactorApi.newRealmWithKey(keycloak, "race", "2fa:manage");
        String appId = api.createApplication("""
                {"name": "flood", "configuration": {"sendPinPerPhoneNumberLimit": "5/1d"}}""");
        String messageId = api.createTemplate(appId, "{\"pinType\": \"NUMERIC\", \"messageText\": \"{{pin}}\"}");
        String body = "{\"applicationId\": \"%s\", \"messageId\": \"%s\", \"to\": \"41795550003\"}".formatted(appId, messageId);

        List<Integer> statuses = inParallelStatuses(20, () -> api.post("/2/pin?ncNeeded=false", body));

        assertThat(statuses).filteredOn(s -> s == 200).hasSize(5);
        assertThat(statuses).filteredOn(s -> s == 429).hasSize(15);
    }

    /**
     * Eight admins rewrite one application at the same moment, round after round: each round
     * starts just after the last one's writes invalidated the realm cache, so every request reads
     * the realm anew before it waits for the realm's configuration lock. Every answer is a 2xx or
     * a 4xx in Infobip's envelope (never a 500 from a stale write at commit), and the application
     * ends as one of the writers left it, whole.
     */
    @Test
    void eight_parallel_rewrites_of_one_application_all_answer_and_one_of_them_stays(KeycloakServer keycloak) throws Exception {
        TwoFactorApi api = TwoFactorApi.newRealmWithKey(keycloak, "race", "2fa:manage");
        String appId = api.createApplication("{\"name\": \"rewritten\", \"configuration\": {\"pinAttempts\": 1}}");
        String messageId = api.createTemplate(appId, "{\"pinType\": \"NUMERIC\", \"messageText\": \"{{pin}}\", \"pinLength\": 6}");

        List<String> written = new ArrayList<>();
        for (int round = 0; round < 6; round++) {
            int r = round;
            List<HttpResponse<String>> answers = Parallel.run(8, i -> i % 4 == 3
                    ? api.put("/2/applications/" + appId + "/messages/" + messageId,
                            "{\"pinType\": \"NUMERIC\", \"messageText\": \"round %d writer %d {{pin}}\", \"pinLength\": 6}".formatted(r, i))
                    : api.put("/2/applications/" + appId,
                            "{\"name\": \"round %d writer %d\", \"configuration\": {\"pinAttempts\": %d}}".formatted(r, i, 1 + i)));
            for (HttpResponse<String> answer : answers) {
                assertThat(answer.statusCode()).as(answer.body()).isLessThan(500);
                if (answer.statusCode() >= 400) {
                    assertThat(FuzzIT.inEnvelope(answer)).as(answer.body()).isTrue();
                }
            }
            assertThat(answers).as("at least one writer of round %d got through", r).anyMatch(a -> a.statusCode() == 200);
            written.clear();
            for (int i = 0; i < 8; i++) {
                if (i % 4 != 3 && answers.get(i).statusCode() == 200) {
                    written.add("round %d writer %d".formatted(r, i));
                }
            }
        }

        JsonNode app = KeycloakServer.json(api.get("/2/applications/" + appId).body());
        assertThat(written).contains(app.get("name").asText());
        int writer = Integer.parseInt(app.get("name").asText().replaceAll(".* ", ""));
        assertThat(app.at("/configuration/pinAttempts").asInt()).as("the name and the attempts of one writer").isEqualTo(1 + writer);
        JsonNode template = KeycloakServer.json(api.get("/2/applications/" + appId + "/messages/" + messageId).body());
        assertThat(template.get("messageText").asText()).matches("round 5 writer [37] \\{\\{pin}}");
    }

    private static List<JsonNode> inParallel(int n, Supplier<HttpResponse<String>> request) throws Exception {
        List<JsonNode> bodies = new ArrayList<>();
        for (HttpResponse<String> response : Parallel.run(n, i -> request.get())) {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            bodies.add(KeycloakServer.json(response.body()));
        }
        return bodies;
    }

    private static List<Integer> inParallelStatuses(int n, Supplier<HttpResponse<String>> request) throws Exception {
        return Parallel.run(n, i -> request.get()).stream().map(HttpResponse::statusCode).toList();
    }
}
