package io.github.keycloakpin2fa.it;

import static io.github.keycloakpin2fa.it.SeedExamplesIT.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.keycloakpin2fa.testing.KeycloakServer;
import io.github.keycloakpin2fa.testing.RealKeycloak;
import io.github.keycloakpin2fa.testing.TwoFactorApi;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A realm admin hands out credentials for the 2FA API: App keys with scopes, realm tokens for the
 * API (audience {@code 2fa-api}) whose roles grant the scopes, and confidential clients. Nothing reaches another realm.
 */
@RealKeycloak
class ApiAuthorizationIT {

    private static final String APP = """
            {"name": "auth", "configuration": {"verifyPinLimit": "100/1s", "sendPinPerPhoneNumberLimit": "100/1d"}}""";
    private static final String TEMPLATE = """
            {"pinType": "NUMERIC", "messageText": "Your pin is {{pin}}", "pinLength": 6}""";

    @Test
    void no_credentials_or_bad_ones_get_401_in_the_envelope(KeycloakServer keycloak) {
        TwoFactorApi manage = TwoFactorApi.newRealmWithKey(keycloak, "auth", "2fa:manage");

        for (String header : new String[] {null, "", "App", "App nonsense", "App " + "0".repeat(32) + "-secret",
                manage.authorization() + "x", "Bearer not.a.token", "Basic !!!", "IBSSO abc", "Digest abc"}) {
            assertError(manage.withAuthorization(header).get("/2/applications"), 401, "UNAUTHORIZED", "Invalid login details");
        }
    }

    @Test
    void a_pin_send_key_sends_and_verifies_but_cannot_manage(KeycloakServer keycloak) {
        TwoFactorApi manage = TwoFactorApi.newRealmWithKey(keycloak, "auth", "2fa:manage");
        TwoFactorApi sender = TwoFactorApi.withNewKey(keycloak, manage.realm(), "2fa:pin:send");
        String appId = manage.createApplication(APP);
        String messageId = manage.createTemplate(appId, TEMPLATE);

        assertError(sender.get("/2/applications"), 403, "FORBIDDEN", "The credentials do not grant the scope 2fa:manage.");
        assertThat(sender.post("/2/applications", APP).statusCode()).isEqualTo(403);
        JsonNode sent = sender.sendSms(appId, messageId, "41790000001");
        HttpResponse<String> verified = sender.verify(sent.get("pinId").asText(), sender.lastPinSentTo("41790000001"));
        assertThat(KeycloakServer.json(verified.body()).get("verified").asBoolean()).isTrue();
        assertThat(sender.get("/2/applications/" + appId + "/verifications?msisdn=41790000001").statusCode()).isEqualTo(200);
    }

    @Test
    void a_revoked_key_stops_working_and_listing_never_shows_a_key(KeycloakServer keycloak) {
        TwoFactorApi manage = TwoFactorApi.newRealmWithKey(keycloak, "auth", "2fa:manage");
        JsonNode keys = KeycloakServer.json(keycloak.adminGet("/realms/" + manage.realm() + "/2fa/api-keys").body());
        assertThat(keys).hasSize(1);
        assertThat(keys.get(0).has("apiKey")).isFalse();
        assertThat(keys.get(0).toString()).doesNotContain(manage.authorization().substring(4 + 33));
        assertThat(manage.get("/2/applications").statusCode()).isEqualTo(200);

        HttpResponse<String> revoked = keycloak.admin("DELETE", "/realms/" + manage.realm() + "/2fa/api-keys/" + keys.get(0).get("id").asText(), null);

        assertThat(revoked.statusCode()).isEqualTo(204);
        assertThat(manage.get("/2/applications").statusCode()).isEqualTo(401);
    }

    @Test
    void admins_get_a_clear_400_for_a_bad_key_request(KeycloakServer keycloak) {
        TwoFactorApi manage = TwoFactorApi.newRealmWithKey(keycloak, "auth", "2fa:manage");
        String path = "/realms/" + manage.realm() + "/2fa/api-keys";

        HttpResponse<String> noName = keycloak.adminPost(path, "{\"scopes\": [\"2fa:manage\"]}");
        HttpResponse<String> badScope = keycloak.adminPost(path, "{\"name\": \"k\", \"scopes\": [\"2fa:everything\"]}");
        HttpResponse<String> notJson = keycloak.adminPost(path, "{name");

        assertThat(noName.statusCode()).isEqualTo(400);
        assertThat(KeycloakServer.json(noName.body()).get("field").asText()).isEqualTo("name");
        assertThat(badScope.statusCode()).isEqualTo(400);
        assertThat(KeycloakServer.json(badScope.body()).get("errorMessage").asText()).contains("2fa:everything");
        assertThat(notJson.statusCode()).isEqualTo(400);
    }

    @Test
    void a_bearer_token_for_the_api_grants_the_scopes_of_the_roles_it_carries(KeycloakServer keycloak) {
        TwoFactorApi manage = TwoFactorApi.newRealmWithKey(keycloak, "bearer", "2fa:manage");
        String realm = manage.realm();
        createUser(keycloak, realm, "operator", List.of("2fa:manage"));
        createUser(keycloak, realm, "nobody", List.of());
        ApiCredentialsAbuseIT.publicClient(keycloak, realm, "ops-console", true);

        String operatorToken = keycloak.passwordToken(realm, "ops-console", "operator", "secret-pw");
        String nobodyToken = keycloak.passwordToken(realm, "ops-console", "nobody", "secret-pw");

        assertThat(manage.withAuthorization("Bearer " + operatorToken).post("/2/applications", APP).statusCode()).isEqualTo(201);
        assertError(manage.withAuthorization("Bearer " + nobodyToken).get("/2/applications"), 403, "FORBIDDEN",
                "The credentials do not grant the scope 2fa:manage.");
    }

    @Test
    void a_confidential_client_uses_basic_with_its_service_accounts_roles(KeycloakServer keycloak) {
        TwoFactorApi manage = TwoFactorApi.newRealmWithKey(keycloak, "basic", "2fa:manage");
        String realm = manage.realm();
        assertThat(keycloak.adminPost("/realms/" + realm + "/clients", KeycloakServer.toJson(Map.of(
                "clientId", "billing-service", "secret", "s3cret-value", "publicClient", false,
                "serviceAccountsEnabled", true, "standardFlowEnabled", false))).statusCode()).isEqualTo(201);
        String clientUuid = KeycloakServer.json(keycloak.adminGet("/realms/" + realm + "/clients?clientId=billing-service").body())
                .get(0).get("id").asText();
        String serviceUser = KeycloakServer.json(keycloak.adminGet("/realms/" + realm + "/clients/" + clientUuid + "/service-account-user").body())
                .get("id").asText();
        assignRealmRole(keycloak, realm, serviceUser, "2fa:pin:send");

        TwoFactorApi basic = manage.withAuthorization(basic("billing-service", "s3cret-value"));
        String appId = manage.createApplication(APP);
        String messageId = manage.createTemplate(appId, TEMPLATE);

        assertThat(basic.sendSms(appId, messageId, "41790000002").get("smsStatus").asText()).isEqualTo("MESSAGE_SENT");
        assertThat(basic.get("/2/applications").statusCode()).as("pin:send does not manage").isEqualTo(403);
        assertThat(manage.withAuthorization(basic("billing-service", "wrong")).get("/2/applications").statusCode()).isEqualTo(401);
    }

    @Test
    void a_key_or_token_of_one_realm_never_reaches_another_realms_data(KeycloakServer keycloak) {
        TwoFactorApi alice = TwoFactorApi.newRealmWithKey(keycloak, "alice", "2fa:manage");
        TwoFactorApi bob = TwoFactorApi.newRealmWithKey(keycloak, "bob", "2fa:manage");
        String aliceApp = alice.createApplication(APP);
        String aliceTemplate = alice.createTemplate(aliceApp, TEMPLATE);
        String alicePin = alice.sendSms(aliceApp, aliceTemplate, "41790000003").get("pinId").asText();

        TwoFactorApi aliceKeyOnBob = bob.withAuthorization(alice.authorization());
        assertThat(aliceKeyOnBob.get("/2/applications").statusCode()).isEqualTo(401);

        assertError(bob.get("/2/applications/" + aliceApp), 404, "APPLICATION_NOT_FOUND", "Application with given id cannot be found.");
        assertThat(bob.get("/2/applications/" + aliceApp + "/messages/" + aliceTemplate).statusCode()).isEqualTo(404);
        assertThat(bob.put("/2/applications/" + aliceApp, APP).statusCode()).isEqualTo(404);
        assertThat(KeycloakServer.json(bob.get("/2/applications").body())).isEmpty();
        assertError(bob.verify(alicePin, "123456"), 404, "NOT_FOUND", "PIN with given id cannot be found.");
        assertThat(bob.post("/2/pin/" + alicePin + "/resend", null).statusCode()).isEqualTo(404);
        assertThat(bob.post("/2/pin?ncNeeded=false", """
                {"applicationId": "%s", "messageId": "%s", "to": "41790000003"}""".formatted(aliceApp, aliceTemplate)).statusCode())
                .isEqualTo(404);

        createUser(keycloak, alice.realm(), "carol", List.of("2fa:manage"));
        ApiCredentialsAbuseIT.publicClient(keycloak, alice.realm(), "ops-console", true);
        String aliceToken = keycloak.passwordToken(alice.realm(), "ops-console", "carol", "secret-pw");
        assertThat(bob.withAuthorization("Bearer " + aliceToken).get("/2/applications").statusCode()).isEqualTo(401);
        assertThat(alice.withAuthorization("Bearer " + aliceToken).get("/2/applications").statusCode()).isEqualTo(200);
    }

    static void createUser(KeycloakServer keycloak, String realm, String username, List<String> roles) {
        HttpResponse<String> created = keycloak.adminPost("/realms/" + realm + "/users", KeycloakServer.toJson(Map.of(
                "username", username, "enabled", true, "email", username + "@example.org", "emailVerified", true,
                "firstName", username, "lastName", "Test",
                "credentials", List.of(Map.of("type", "password", "value", "secret-pw", "temporary", false)))));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = created.headers().firstValue("Location").orElseThrow().replaceAll(".*/", "");
        for (String role : roles) {
            assignRealmRole(keycloak, realm, id, role);
        }
    }

    static void assignRealmRole(KeycloakServer keycloak, String realm, String userId, String role) {
        JsonNode representation = KeycloakServer.json(keycloak.adminGet("/realms/" + realm + "/roles/" + role).body());
        HttpResponse<String> assigned = keycloak.adminPost("/realms/" + realm + "/users/" + userId + "/role-mappings/realm",
                "[" + representation + "]");
        assertThat(assigned.statusCode()).as(assigned.body()).isEqualTo(204);
    }

    private static String basic(String id, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }
}
