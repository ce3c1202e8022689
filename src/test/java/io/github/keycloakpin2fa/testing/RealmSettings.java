package io.github.keycloakpin2fa.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.util.Map;

/** What a realm admin sets through the admin REST API: realm attributes and the SMTP server. */
public final class RealmSettings {

    private RealmSettings() {
    }

    /** Creates the realm unless it exists. */
    public static void ensureRealm(KeycloakServer keycloak, String realm) {
        if (keycloak.adminGet("/realms/" + realm).statusCode() == 404) {
            TwoFactorApi.createRealm(keycloak, realm);
        }
    }

    /** Sets realm attributes (others stay), e.g. {@code pin2fa.delivery.sms}. */
    public static void setAttributes(KeycloakServer keycloak, String realm, Map<String, String> attributes) {
        update(keycloak, realm, representation -> {
            ObjectNode attrs = representation.has("attributes") ? (ObjectNode) representation.get("attributes")
                    : representation.putObject("attributes");
            attributes.forEach(attrs::put);
        });
    }

    /** Turns the realm's admin events (stored, with details) on or off. */
    public static void setAdminEvents(KeycloakServer keycloak, String realm, boolean enabled) {
        update(keycloak, realm, representation -> {
            representation.put("adminEventsEnabled", enabled);
            representation.put("adminEventsDetailsEnabled", enabled);
        });
    }

    /** Points the realm's email at an SMTP server on loopback. */
    public static void setSmtpServer(KeycloakServer keycloak, String realm, int port, String from) {
        update(keycloak, realm, representation -> {
            ObjectNode smtp = representation.putObject("smtpServer");
            smtp.put("host", "127.0.0.1");
            smtp.put("port", String.valueOf(port));
            smtp.put("from", from);
        });
    }

    /** Turns on internationalization with these locales, the first being the default. */
    public static void setLocales(KeycloakServer keycloak, String realm, String... locales) {
        update(keycloak, realm, representation -> {
            representation.put("internationalizationEnabled", true);
            var supported = representation.putArray("supportedLocales");
            for (String locale : locales) {
                supported.add(locale);
            }
            representation.put("defaultLocale", locales[0]);
        });
    }

    private static void update(KeycloakServer keycloak, String realm, java.util.function.Consumer<ObjectNode> change) {
        JsonNode representation = KeycloakServer.json(keycloak.adminGet("/realms/" + realm).body());
        change.accept((ObjectNode) representation);
        HttpResponse<String> response = keycloak.admin("PUT", "/realms/" + realm, representation.toString());
        if (response.statusCode() != 204) {
            throw new IllegalStateException("Could not update realm " + realm + ": " + response.statusCode() + " " + response.body());
        }
    }
}
