package io.github.keycloakpin2fa.api.model;

/** {@code {"pin": "1598"}}. */
public record VerifyPinRequest(String pin) {
}
