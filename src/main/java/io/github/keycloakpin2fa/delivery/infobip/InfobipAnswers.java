package io.github.keycloakpin2fa.delivery.infobip;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.keycloakpin2fa.delivery.DeliveryResult;
import io.github.keycloakpin2fa.delivery.DeliveryStatus;
import io.github.keycloakpin2fa.delivery.http.HttpAnswer;
import java.io.IOException;

/**
 * Reads Infobip's answers to SMS and voice sends. A 2xx carries one entry per destination in
 * {@code messages[]} with {@code messageId} and a {@code status} whose {@code groupName} is
 * {@code PENDING} or {@code DELIVERED} when the message was taken, {@code REJECTED} or
 * {@code UNDELIVERABLE} when not. Errors come in two shapes: the current one
 * ({@code errorCode}, {@code description}, {@code violations[]}) and the older
 * {@code requestError.serviceException} ({@code messageId}, {@code text}).
 */
final class InfobipAnswers {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_DETAIL = 200;

    private InfobipAnswers() {
    }

    static DeliveryResult sendResult(HttpAnswer answer) {
        if (!answer.isSuccess()) {
            return DeliveryResult.rejected(error(answer));
        }
        JsonNode message = parse(answer.body()).path("messages").path(0);
        String id = message.path("messageId").asText(null);
        String group = message.path("status").path("groupName").asText("");
        String name = message.path("status").path("name").asText("");
        return switch (group) {
            case "PENDING", "DELIVERED" -> DeliveryResult.accepted(id);
            case "REJECTED", "UNDELIVERABLE", "EXPIRED" -> new DeliveryResult(
                    DeliveryStatus.REJECTED, id, "Infobip status " + name);
            // A 2xx we cannot read: the message may be on its way.
            default -> new DeliveryResult(DeliveryStatus.UNKNOWN, id,
                    "HTTP " + answer.status() + " without a message status");
        };
    }

    /** A short description of an error answer, for operators. */
    static String error(HttpAnswer answer) {
        JsonNode body = parse(answer.body());
        String text;
        if (body.hasNonNull("errorCode")) {
            StringBuilder b = new StringBuilder(body.path("errorCode").asText()).append(": ")
                    .append(body.path("description").asText(""));
            for (JsonNode v : body.path("violations")) {
                b.append("; ").append(v.path("property").asText("")).append(' ').append(v.path("violation").asText(""));
            }
            text = b.toString();
        } else if (body.at("/requestError/serviceException").isObject()) {
            JsonNode e = body.at("/requestError/serviceException");
            text = e.path("messageId").asText("") + ": " + e.path("text").asText("");
        } else {
            text = "no error description";
        }
        text = "HTTP " + answer.status() + " " + text;
        return text.length() > MAX_DETAIL ? text.substring(0, MAX_DETAIL) + "…" : text;
    }

    static JsonNode parse(String body) {
        try {
            JsonNode node = JSON.readTree(body);
            return node == null ? JSON.missingNode() : node;
        } catch (IOException notJson) {
            return JSON.missingNode();
        }
    }
}
