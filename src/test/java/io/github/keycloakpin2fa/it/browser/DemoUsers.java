package io.github.keycloakpin2fa.it.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.keycloakpin2fa.testing.KeycloakServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Test users of the demo realm, each with its own name and phone number, so that stories do not
 * share PIN limits, brute-force counters or credentials.
 */
public final class DemoUsers {

    public static final String REALM = "demo";
    public static final String PASSWORD = "Correct-horse-7";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final KeycloakServer keycloak;
    private final String realm;

    public DemoUsers(KeycloakServer keycloak) {
        this(keycloak, REALM);
    }

    /** Test users of another realm (that has the PIN step). */
    public DemoUsers(KeycloakServer keycloak, String realm) {
        this.keycloak = keycloak;
        this.realm = realm;
    }

    /** A user: username, id, and the phone enrolled (E.164) or null. */
    public record User(String username, String id, String phone, String email) {
    }

    /** A Swiss mobile number no other test uses. */
    public static String newPhoneNumber() {
        return "+4179" + String.format(Locale.ROOT, "%07d", ThreadLocalRandom.current().nextInt(10_000_000));
    }

    public User withoutPhone() {
        return create(null);
    }

    /** A user whose phone is already enrolled, as the enrolment would have left it. */
    public User withPhone() {
        return create(newPhoneNumber());
    }

    private User create(String phone) {
        String username = "u-" + UUID.randomUUID().toString().substring(0, 8);
        String email = username + "@example.org";
        ObjectNode user = JSON.createObjectNode()
                .put("username", username).put("enabled", true).put("email", email).put("emailVerified", true)
                .put("firstName", "Test").put("lastName", username);
        user.putArray("realmRoles").add("default-roles-" + realm); // imported users get no default roles by themselves
        ArrayNode credentials = user.putArray("credentials");
        credentials.addObject().put("type", "password").put("value", PASSWORD).put("temporary", false);
        if (phone != null) {
            credentials.addObject().put("type", "pin-2fa-phone").put("userLabel", "test phone")
                    .put("credentialData", "{\"phoneNumber\":\"" + phone + "\"}").put("secretData", "{}");
        }
        ObjectNode body = JSON.createObjectNode().put("ifResourceExists", "FAIL");
        body.putArray("users").add(user);
        HttpResponse<String> response = keycloak.send(HttpRequest.newBuilder(keycloak.uri("/admin/realms/" + realm + "/partialImport"))
                .header("Authorization", "Bearer " + keycloak.adminToken())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("Could not create a test user: " + response.statusCode() + " " + response.body());
        }
        return new User(username, idOf(username), phone, email);
    }

    public String idOf(String username) {
        JsonNode users = KeycloakServer.json(keycloak.adminGet("/realms/" + realm + "/users?exact=true&username=" + username).body());
        return users.get(0).path("id").asText();
    }

    /** The user's credentials of the phone type, as the admin console lists them. */
    public List<JsonNode> phoneCredentials(String userId) {
        JsonNode all = KeycloakServer.json(keycloak.adminGet("/realms/" + realm + "/users/" + userId + "/credentials").body());
        List<JsonNode> phones = new java.util.ArrayList<>();
        all.forEach(c -> {
            if ("pin-2fa-phone".equals(c.path("type").asText())) {
                phones.add(c);
            }
        });
        return phones;
    }

    /** The user's login events of one type, newest first. */
    public List<JsonNode> events(String userId, String type) {
        JsonNode all = KeycloakServer.json(keycloak.adminGet("/realms/" + realm + "/events?max=100&type=" + type + "&user=" + userId).body());
        List<JsonNode> events = new java.util.ArrayList<>();
        all.forEach(events::add);
        return events;
    }
}
