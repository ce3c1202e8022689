package io.github.keycloakpin2fa.api.model;

import java.util.Map;

/** Resend a PIN; the body may be empty. */
public record ResendPinRequest(Map<String, String> placeholders) {
}
