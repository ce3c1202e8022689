package io.github.keycloakpin2fa.it;

import static io.github.keycloakpin2fa.it.ApiAuthorizationIT.assignRealmRole;
import static io.github.keycloakpin2fa.it.ApiAuthorizationIT.createUser;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.keycloakpin2fa.testing.KeycloakServer;
import io.github.keycloakpin2fa.testing.RealKeycloak;
import io.github.keycloakpin2fa.testing.TwoFactorApi;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Attacks on the API's credentials, as user stories: a token meant for another client, a token
 * minted before the roles changed, a key handed to one service used for another application, and
 * a change to an application the login step depends on that leaves no trace.
 */
@RealKeycloak
class ApiCredentialsAbuseIT {

    private static final String APP = """
            {"name": "creds", "configuration": {"verifyPinLimit": "100/1s", "sendPinPerPhoneNumberLimit": "100/1d"}}""";
    private static final String TEMPLATE = """
            {"pinType": "NUMERIC", "messageText": "Your pin is {{pin}}", "pinLength": 6}""";

    @Test
    void a_token_issued_for_another_client_is_refused_even_when_its_user_may_manage(KeycloakServer keycloak) {
        TwoFactorApi api = TwoFactorApi.newRealmWithKey(keycloak, "aud", "2fa:manage");
        createUser(keycloak, api.realm(), "operator", List.of("2fa:manage"));
        publicClient(keycloak, api.realm(), "ops-console", true);

        String foreign = keycloak.passwordToken(api.realm(), "admin-cli", "operator", "secret-pw");
        String forTheApi = keycloak.passwordToken(api.realm(), "ops-console", "operator", "secret-pw");

        assertThat(api.withAuthorization("Bearer " + foreign).get("/2/applications").statusCode())
                .as("admin-cli's token has no 2fa-api audience").isEqualTo(401);
        assertThat(api.withAuthorization("Bearer " + forTheApi).post("/2/applications", APP).statusCode()).isEqualTo(201);
    }

    @Test
    void the_roles_that_count_are_those_in_the_token_not_the_users_roles_of_the_moment(KeycloakServer keycloak) {
        TwoFactorApi api = TwoFactorApi.newRealmWithKey(keycloak, "roles", "2fa:manage");
        createUser(keycloak, api.realm(), "late", List.of());
        publicClient(keycloak, api.realm(), "ops-console", true);
        String before = keycloak.passwordToken(api.realm(), "ops-console", "late", "secret-pw");

        String userId = KeycloakServer.json(keycloak.adminGet("/realms/" + api.realm() + "/users?exact=true&username=late").body())
                .get(0).get("id").asText();
        assignRealmRole(keycloak, api.realm(), userId, "2fa:manage");
        String after = keycloak.passwordToken(api.realm(), "ops-console", "late", "secret-pw");

        assertThat(api.withAuthorization("Bearer " + before).get("/2/applications").statusCode())
                .as("the token minted without the role grants nothing").isEqualTo(403);
        assertThat(api.withAuthorization("Bearer " + after).get("/2/applications").statusCode()).isEqualTo(200);
    }

    @Test
    void a_key_restricted_to_one_application_cannot_touch_another(KeycloakServer keycloak) {
        TwoFactorApi admin = TwoFactorApi.newRealmWithKey(keycloak, "scoped", "2fa:manage");
        String mine = admin.createApplication(APP);
        String mineTemplate = admin.createTemplate(mine, TEMPLATE);
        String other = admin.createApplication(APP);
        String otherTemplate = admin.createTemplate(other, TEMPLATE);
        String otherPin = admin.sendSms(other, otherTemplate, "41790001111").get("pinId").asText();

        HttpResponse<String> created = keycloak.adminPost("/realms/" + admin.realm() + "/2fa/api-keys", KeycloakServer.toJson(Map.of(
                "name", "billing only", "scopes", List.of("2fa:manage"), "applications", List.of(mine))));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(KeycloakServer.json(created.body()).get("applications")).hasSize(1);
        TwoFactorApi scoped = admin.withAuthorization("App " + KeycloakServer.json(created.body()).get("apiKey").asText());

        assertThat(scoped.sendSms(mine, mineTemplate, "41790002222").get("smsStatus").asText()).isEqualTo("MESSAGE_SENT");
        JsonNode listed = KeycloakServer.json(scoped.get("/2/applications").body());
        assertThat(listed).extracting(a -> a.get("applicationId").asText()).containsExactly(mine);
        assertThat(scoped.get("/2/applications/" + other).statusCode()).isEqualTo(403);
        assertThat(scoped.put("/2/applications/" + other, APP).statusCode()).isEqualTo(403);
        assertThat(scoped.post("/2/applications", APP).statusCode()).as("a restricted key creates nothing").isEqualTo(403);
        assertThat(scoped.post("/2/pin?ncNeeded=false", """
                {"applicationId": "%s", "messageId": "%s", "to": "41790002222"}""".formatted(other, otherTemplate)).statusCode())
                .isEqualTo(403);
        assertThat(scoped.verify(otherPin, "123456").statusCode()).as("another application's PIN is unknown to it").isEqualTo(404);
        assertThat(scoped.post("/2/pin/" + otherPin + "/resend", null).statusCode()).isEqualTo(404);
        assertThat(scoped.get("/2/applications/" + other + "/verifications?msisdn=41790001111").statusCode()).isEqualTo(403);

        HttpResponse<String> unknownApp = keycloak.adminPost("/realms/" + admin.realm() + "/2fa/api-keys", KeycloakServer.toJson(Map.of(
                "name", "typo", "scopes", List.of("2fa:manage"), "applications", List.of("nope"))));
        assertThat(unknownApp.statusCode()).isEqualTo(400);
        assertThat(KeycloakServer.json(unknownApp.body()).get("field").asText()).isEqualTo("applications");
    }

    @Test
    void every_write_to_applications_templates_and_keys_leaves_an_admin_event(KeycloakServer keycloak) {
        TwoFactorApi api = TwoFactorApi.newRealmWithKey(keycloak, "audit", "2fa:manage");
        assertThat(keycloak.admin("PUT", "/realms/" + api.realm(), KeycloakServer.toJson(Map.of(
                "adminEventsEnabled", true, "adminEventsDetailsEnabled", true))).statusCode()).isEqualTo(204);

        String appId = api.createApplication(APP);
        assertThat(api.put("/2/applications/" + appId, APP.replace("creds", "renamed")).statusCode()).isEqualTo(200);
        String messageId = api.createTemplate(appId, TEMPLATE);
        assertThat(api.put("/2/applications/" + appId + "/messages/" + messageId, TEMPLATE).statusCode()).isEqualTo(200);
        HttpResponse<String> email = api.post("/2/applications/" + appId + "/email/messages",
                "{\"pinType\": \"NUMERIC\", \"pinLength\": 6, \"emailTemplateId\": 1}");
        assertThat(email.statusCode()).isEqualTo(200);
        TwoFactorApi second = TwoFactorApi.withNewKey(keycloak, api.realm(), "2fa:pin:send");

        List<String> seen = new ArrayList<>();
        for (JsonNode event : KeycloakServer.json(keycloak.adminGet("/realms/" + api.realm() + "/admin-events?max=100").body())) {
            seen.add(event.get("operationType").asText() + " " + event.get("resourcePath").asText());
        }
        String emailId = KeycloakServer.json(email.body()).get("messageId").asText();
        assertThat(seen).contains(
                "CREATE 2fa/applications/" + appId,
                "UPDATE 2fa/applications/" + appId,
                "CREATE 2fa/applications/" + appId + "/messages/" + messageId,
                "UPDATE 2fa/applications/" + appId + "/messages/" + messageId,
                "CREATE 2fa/applications/" + appId + "/email/messages/" + emailId);
        assertThat(seen).filteredOn(s -> s.startsWith("CREATE 2fa/api-keys/")).hasSize(1); // the second key; the first predates the setting
        JsonNode update = KeycloakServer.json(keycloak.adminGet("/realms/" + api.realm() + "/admin-events?operationTypes=UPDATE&max=100").body());
        assertThat(update.toString()).contains("renamed");
        assertThat(second.authorization()).isNotBlank();
    }

    /** A public client with direct grants whose tokens carry the API's audience (or not). */
    static void publicClient(KeycloakServer keycloak, String realm, String clientId, boolean withApiAudience) {
        List<Map<String, Object>> mappers = withApiAudience ? List.of(Map.of(
                "name", "2fa-api audience", "protocol", "openid-connect", "protocolMapper", "oidc-audience-mapper",
                "config", Map.of("included.custom.audience", "2fa-api", "access.token.claim", "true",
                        "id.token.claim", "false", "introspection.token.claim", "true"))) : List.of();
        HttpResponse<String> created = keycloak.adminPost("/realms/" + realm + "/clients", KeycloakServer.toJson(Map.of(
                "clientId", clientId, "publicClient", true, "directAccessGrantsEnabled", true, "standardFlowEnabled", false,
                "protocolMappers", mappers)));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    }
}
