package io.github.keycloakpin2fa.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.keycloakpin2fa.testing.KeycloakCluster;
import io.github.keycloakpin2fa.testing.KeycloakServer;
import io.github.keycloakpin2fa.testing.Parallel;
import io.github.keycloakpin2fa.testing.TwoFactorApi;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * An operator runs Keycloak as a cluster: two production-mode nodes over one PostgreSQL, one
 * Infinispan cluster. Requests for the same PIN and the same limits land on both nodes at once,
 * and nothing slips between them. (Production mode has no dev sender, so sends answer
 * {@code MESSAGE_NOT_SENT}; the PIN records exist all the same.)
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterIT {

    private static final String TEMPLATE = "{\"pinType\": \"NUMERIC\", \"messageText\": \"{{pin}}\", \"pinLength\": 6}";

    private KeycloakCluster cluster;
    private TwoFactorApi[] nodes;

    @BeforeAll
    void aTwoNodeCluster() {
        cluster = KeycloakCluster.start();
        TwoFactorApi first = TwoFactorApi.newRealmWithKey(cluster.node(0), "cluster", "2fa:manage");
        nodes = new TwoFactorApi[] {first, first.on(cluster.node(1))};
    }

    @AfterAll
    void stopTheCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void the_nodes_form_one_infinispan_cluster() {
        assertThat(cluster.nodeLog(0) + cluster.nodeLog(1)).containsPattern("Received new cluster view for channel ISPN: .*\\(2\\)");
    }

    @Test
    void what_one_node_writes_the_other_reads_at_once() {
        String appId = nodes[0].createApplication("{\"name\": \"shared\", \"configuration\": {\"pinAttempts\": 4}}");

        JsonNode seenOnSecond = KeycloakServer.json(nodes[1].get("/2/applications/" + appId).body());
        assertThat(seenOnSecond.at("/configuration/pinAttempts").asInt()).isEqualTo(4);

        nodes[1].put("/2/applications/" + appId, "{\"name\": \"shared\", \"configuration\": {\"pinAttempts\": 6}}");
        assertThat(KeycloakServer.json(nodes[0].get("/2/applications/" + appId).body()).at("/configuration/pinAttempts").asInt())
                .isEqualTo(6);

        String messageId = nodes[0].createTemplate(appId, TEMPLATE);
        JsonNode sent = nodes[1].sendSms(appId, messageId, "41799990001");
        assertThat(sent.get("smsStatus").asText()).isEqualTo("MESSAGE_NOT_SENT");
        JsonNode status = KeycloakServer.json(nodes[0].get("/2/applications/" + appId + "/verifications?msisdn=41799990001").body());
        assertThat(status.get("verifications")).hasSize(1);
    }

    @Test
    void fifty_wrong_verifies_split_across_nodes_use_exactly_the_attempts() throws Exception {
        String appId = nodes[0].createApplication("""
                {"name": "race", "configuration": {"pinAttempts": 5, "verifyPinLimit": "1000/1s"}}""");
        String messageId = nodes[0].createTemplate(appId, TEMPLATE);
        String pinId = nodes[0].sendSms(appId, messageId, "41799990002").get("pinId").asText();

        List<HttpResponse<String>> answers = Parallel.run(50, i -> nodes[i % 2].verify(pinId, "12345" + (i % 10)));

        List<JsonNode> bodies = answers.stream().map(r -> KeycloakServer.json(r.body())).toList();
        assertThat(answers).allSatisfy(r -> assertThat(r.statusCode()).isEqualTo(200));
        assertThat(bodies).noneMatch(b -> b.get("verified").asBoolean());
        assertThat(bodies).filteredOn(b -> b.get("pinError").asText().equals("WRONG_PIN")).hasSize(5);
        assertThat(bodies).filteredOn(b -> b.get("pinError").asText().equals("NO_MORE_PIN_ATTEMPTS")).hasSize(45);
    }

    @Test
    void parallel_sends_on_both_nodes_never_exceed_the_limit() throws Exception {
        String appId = nodes[1].createApplication("""
                {"name": "flood", "configuration": {"sendPinPerPhoneNumberLimit": "5/1d"}}""");
        String messageId = nodes[1].createTemplate(appId, TEMPLATE);
        String body = "{\"applicationId\": \"%s\", \"messageId\": \"%s\", \"to\": \"41799990003\"}".formatted(appId, messageId);

        List<HttpResponse<String>> answers = Parallel.run(20, i -> nodes[i % 2].post("/2/pin?ncNeeded=false", body));

        assertThat(answers).filteredOn(r -> r.statusCode() == 200).hasSize(5);
        assertThat(answers).filteredOn(r -> r.statusCode() == 429).hasSize(15);
    }
}
