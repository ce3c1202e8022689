package io.github.keycloakpin2fa.it.browser;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.keycloakpin2fa.testing.KeycloakServer;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the messages the dev sender "sent", as a user reads their phone: through the admin API. */
public final class DevOutboxReader {

    private static final Pattern PIN = Pattern.compile("PIN is ([0-9A-Z]{4,12})");

    private final KeycloakServer keycloak;
    private final String realm;

    public DevOutboxReader(KeycloakServer keycloak, String realm) {
        this.keycloak = keycloak;
        this.realm = realm;
    }

    /** One message: where it went, how, and its text. */
    public record Message(String to, String channel, String text) {

        public String pin() {
            Matcher m = PIN.matcher(text);
            if (!m.find()) {
                throw new AssertionError("No PIN in the message " + text);
            }
            return m.group(1);
        }
    }

    /** Messages to {@code to} (E.164 with or without +, or an email address), newest first. */
    public List<Message> messagesTo(String to) {
        String wanted = to.startsWith("+") ? to.substring(1) : to;
        HttpResponse<String> response = keycloak.adminGet("/realms/" + realm + "/2fa/dev-outbox?max=500");
        if (response.statusCode() != 200) {
            throw new IllegalStateException("Dev outbox: " + response.statusCode() + " " + response.body());
        }
        List<Message> messages = new ArrayList<>();
        for (JsonNode m : KeycloakServer.json(response.body())) {
            if (wanted.equalsIgnoreCase(m.path("to").asText())) {
                messages.add(new Message(m.path("to").asText(), m.path("channel").asText(), m.path("text").asText()));
            }
        }
        return messages;
    }

    public Message latestTo(String to) {
        List<Message> messages = messagesTo(to);
        if (messages.isEmpty()) {
            throw new AssertionError("No message to " + to + " in the dev outbox");
        }
        return messages.get(0);
    }
}
