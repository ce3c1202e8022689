package io.github.keycloakpin2fa.api.model;

import io.github.keycloakpin2fa.engine.application.ApplicationDraft;

/**
 * Create or update an application: Infobip's fields, and our {@code security} extension (absent:
 * defaults on create, unchanged on update, so an Infobip client never resets it).
 */
public record ApplicationRequest(String name, Boolean enabled, ConfigurationBody configuration, SecurityBody security) {

    public ApplicationDraft toDraft() {
        return new ApplicationDraft(name, enabled, configuration == null ? null : configuration.toDraft());
    }
}
