package io.github.keycloakpin2fa.delivery.twilio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.keycloakpin2fa.delivery.DeliveryResult;
import io.github.keycloakpin2fa.delivery.DeliveryStatus;
import io.github.keycloakpin2fa.delivery.http.HttpAnswer;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Twilio's 2010-04-01 REST API: form-encoded requests with HTTP Basic authentication; a created
 * Message or Call answers 201 with its {@code sid} and {@code status}; errors answer with
 * {@code code}, {@code message}, {@code more_info} and {@code status}.
 */
final class TwilioAnswers {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_DETAIL = 200;

    private TwilioAnswers() {
    }

    static DeliveryResult created(HttpAnswer answer) {
        if (!answer.isSuccess()) {
            return DeliveryResult.rejected(error(answer));
        }
        JsonNode body = parse(answer.body());
        String sid = body.path("sid").asText(null);
        String status = body.path("status").asText("");
        if (sid == null) {
            return DeliveryResult.unknown("HTTP " + answer.status() + " without a sid");
        }
        return switch (status) {
            case "failed", "undelivered", "canceled" -> new DeliveryResult(DeliveryStatus.REJECTED, sid, "Twilio status " + status);
            default -> DeliveryResult.accepted(sid);
        };
    }

    static String error(HttpAnswer answer) {
        JsonNode body = parse(answer.body());
        String text = "HTTP " + answer.status() + (body.has("code")
                ? " Twilio error " + body.path("code").asText() + ": " + body.path("message").asText("")
                : " no error description");
        return text.length() > MAX_DETAIL ? text.substring(0, MAX_DETAIL) + "…" : text;
    }

    static String basic(String username, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    static String form(Map<String, String> fields) {
        StringJoiner joined = new StringJoiner("&");
        fields.forEach((name, value) -> joined.add(URLEncoder.encode(name, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(value, StandardCharsets.UTF_8)));
        return joined.toString();
    }

    private static JsonNode parse(String body) {
        try {
            JsonNode node = JSON.readTree(body);
            return node == null ? JSON.missingNode() : node;
        } catch (IOException notJson) {
            return JSON.missingNode();
        }
    }
}
