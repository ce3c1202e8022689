package io.github.keycloakpin2fa.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;

/**
 * New realms shaped like the demo realm (its browser flow with the PIN step, its required
 * actions, events on), but with no 2FA applications, templates or users of their own.
 */
public final class PinRealms {

    private static final ObjectMapper JSON = new ObjectMapper();

    private PinRealms() {
    }

    /**
     * Creates the realm.
     *
     * @param stepSettings the PIN step's settings; null: the step has none
     */
    public static void create(KeycloakServer keycloak, String realm, Map<String, String> stepSettings) {
        ObjectNode representation;
        try {
            Path demo = Path.of(System.getProperty("pin2fa.realm.config", "realm-config")).resolve("demo-realm.json");
            representation = (ObjectNode) JSON.readTree(demo.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        representation.put("realm", realm).put("displayName", realm);
        representation.remove("components");
        representation.remove("users");
        representation.remove("roles");
        if (stepSettings == null) {
            representation.remove("authenticatorConfig");
            for (JsonNode flow : representation.get("authenticationFlows")) {
                for (JsonNode execution : flow.get("authenticationExecutions")) {
                    ((ObjectNode) execution).remove("authenticatorConfig");
                }
            }
        } else {
            ObjectNode config = JSON.createObjectNode();
            stepSettings.forEach(config::put);
            ((ObjectNode) representation.get("authenticatorConfig").get(0)).set("config", config);
        }
        for (JsonNode action : representation.get("requiredActions")) {
            if (action.has("config")) {
                ((ObjectNode) action.get("config")).remove("application");
                ((ObjectNode) action.get("config")).remove("smsTemplate");
            }
        }
        HttpResponse<String> response = keycloak.adminPost("/realms", representation.toString());
        if (response.statusCode() != 201) {
            throw new IllegalStateException("Could not create realm " + realm + ": " + response.statusCode() + " " + response.body());
        }
    }
}
