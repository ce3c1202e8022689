package io.github.keycloakpin2fa.storage.realm;

import io.github.keycloakpin2fa.engine.application.Application;

/** A realm's 2FA application with its id and tracking id. */
public record StoredApplication(String id, Application application, String processId) {
}
