package io.github.keycloakpin2fa.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

/**
 * A service developer's view of one realm's 2FA API over real HTTP, with helpers a realm admin
 * would use to set a realm up (a realm of its own, an API key).
 */
public final class TwoFactorApi {

    private final KeycloakServer keycloak;
    private final String realm;
    private final String authorization;

    private TwoFactorApi(KeycloakServer keycloak, String realm, String authorization) {
        this.keycloak = keycloak;
        this.realm = realm;
        this.authorization = authorization;
    }

    /** The API of {@code realm} with no credentials at all. */
    public static TwoFactorApi anonymous(KeycloakServer keycloak, String realm) {
        return new TwoFactorApi(keycloak, realm, null);
    }

    /** A new realm (with a unique name) and an API key there with the given scopes. */
    public static TwoFactorApi newRealmWithKey(KeycloakServer keycloak, String realmPrefix, String... scopes) {
        String realm = realmPrefix + "-" + Long.toHexString(System.nanoTime());
        createRealm(keycloak, realm);
        return withNewKey(keycloak, realm, scopes);
    }

    public static TwoFactorApi withNewKey(KeycloakServer keycloak, String realm, String... scopes) {
        HttpResponse<String> created = keycloak.adminPost("/realms/" + realm + "/2fa/api-keys",
                KeycloakServer.toJson(Map.of("name", "test key", "scopes", List.of(scopes))));
        if (created.statusCode() != 201) {
            throw new IllegalStateException("Could not create an API key: " + created.statusCode() + " " + created.body());
        }
        return new TwoFactorApi(keycloak, realm, "App " + KeycloakServer.json(created.body()).get("apiKey").asText());
    }

    public static void createRealm(KeycloakServer keycloak, String realm) {
        HttpResponse<String> response = keycloak.adminPost("/realms",
                KeycloakServer.toJson(Map.of("realm", realm, "enabled", true)));
        if (response.statusCode() != 201) {
            throw new IllegalStateException("Could not create realm " + realm + ": " + response.statusCode() + " " + response.body());
        }
    }

    /** The same realm and credentials, through another server (e.g. another node of a cluster). */
    public TwoFactorApi on(KeycloakServer server) {
        return new TwoFactorApi(server, realm, authorization);
    }

    public TwoFactorApi withAuthorization(String header) {
        return new TwoFactorApi(keycloak, realm, header);
    }

    public String realm() {
        return realm;
    }

    public String authorization() {
        return authorization;
    }

    public HttpResponse<String> get(String path) {
        return keycloak.send(builder(path).GET().build());
    }

    public HttpResponse<String> post(String path, String json) {
        return send(builder(path), "POST", json, "application/json", "application/json");
    }

    public HttpResponse<String> put(String path, String json) {
        return send(builder(path), "PUT", json, "application/json", "application/json");
    }

    /** Any method, body, content type and accept header, as a client could send them. */
    public HttpResponse<String> send(HttpRequest.Builder builder, String method, String body, String contentType, String accept) {
        if (contentType != null) {
            builder.header("Content-Type", contentType);
        }
        if (accept != null) {
            builder.header("Accept", accept);
        }
        builder.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return keycloak.send(builder.build());
    }

    public HttpRequest.Builder builder(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(keycloak.uri("/realms/" + realm + "/2fa" + path));
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        return builder;
    }

    /** Creates an application from a JSON configuration and returns its id. */
    public String createApplication(String json) {
        HttpResponse<String> response = post("/2/applications", json);
        if (response.statusCode() != 201) {
            throw new IllegalStateException("Could not create an application: " + response.statusCode() + " " + response.body());
        }
        return KeycloakServer.json(response.body()).get("applicationId").asText();
    }

    /** Creates an SMS/voice template and returns its id. */
    public String createTemplate(String applicationId, String json) {
        HttpResponse<String> response = post("/2/applications/" + applicationId + "/messages", json);
        if (response.statusCode() != 200) {
            throw new IllegalStateException("Could not create a template: " + response.statusCode() + " " + response.body());
        }
        return KeycloakServer.json(response.body()).get("messageId").asText();
    }

    /** Sends an SMS PIN and returns the answer. */
    public JsonNode sendSms(String applicationId, String messageId, String to) {
        HttpResponse<String> response = post("/2/pin?ncNeeded=false", """
                {"applicationId": "%s", "messageId": "%s", "to": "%s"}""".formatted(applicationId, messageId, to));
        if (response.statusCode() != 200) {
            throw new IllegalStateException("Send failed: " + response.statusCode() + " " + response.body());
        }
        return KeycloakServer.json(response.body());
    }

    /** The PIN of the newest message to {@code to}, read from the dev outbox as a realm admin. */
    public String lastPinSentTo(String to) {
        JsonNode outbox = KeycloakServer.json(keycloak.adminGet("/realms/" + realm + "/2fa/dev-outbox").body());
        for (JsonNode message : outbox) {
            if (message.get("to").asText().equals(to)) {
                String text = message.get("text").asText();
                return text.substring(text.lastIndexOf(' ') + 1);
            }
        }
        throw new IllegalStateException("No message to " + to + " in the dev outbox of " + realm);
    }

    public HttpResponse<String> verify(String pinId, String pin) {
        return post("/2/pin/" + pinId + "/verify", KeycloakServer.toJson(Map.of("pin", pin)));
    }
}
