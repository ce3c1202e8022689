package io.github.keycloakpin2fa.api.model;

import io.github.keycloakpin2fa.engine.application.ApplicationDraft;

/** Create or update an application. */
public record ApplicationRequest(String name, Boolean enabled, ConfigurationBody configuration) {

    public ApplicationDraft toDraft() {
        return new ApplicationDraft(name, enabled, configuration == null ? null : configuration.toDraft());
    }
}
