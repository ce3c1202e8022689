package io.github.keycloakpin2fa.api.model;

import java.util.Map;

/** Send a PIN by SMS, voice or email ({@code landingPagePlaceholders} is accepted and ignored). */
public record SendPinRequest(String applicationId, String messageId, String from, String to,
        Map<String, String> placeholders) {
}
