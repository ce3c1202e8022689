package io.github.keycloakpin2fa.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.github.keycloakpin2fa.engine.guard.SendProtection;
import io.github.keycloakpin2fa.storage.realm.StoredApplication;

/**
 * An application as the API shows it. {@code security} appears only when it differs from the
 * defaults, so an application nobody protected further reads exactly as Infobip's.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"applicationId", "name", "configuration", "enabled", "processId", "security"})
public record ApplicationResponse(String applicationId, String name, ConfigurationBody configuration, boolean enabled,
        String processId, SecurityBody security) {

    public static ApplicationResponse of(StoredApplication a) {
        return new ApplicationResponse(a.id(), a.application().name(), ConfigurationBody.of(a.application().configuration()),
                a.application().enabled(), a.processId(),
                a.protection().equals(SendProtection.DEFAULTS) ? null : SecurityBody.of(a.protection()));
    }
}
