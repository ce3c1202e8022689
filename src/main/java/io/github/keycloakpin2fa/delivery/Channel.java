package io.github.keycloakpin2fa.delivery;

/** The ways a PIN can travel to its owner. */
public enum Channel {
    SMS,
    VOICE,
    EMAIL
}
