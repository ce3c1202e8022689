package io.github.keycloakpin2fa.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.github.keycloakpin2fa.storage.realm.StoredApplication;

/** An application as the API shows it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"applicationId", "name", "configuration", "enabled", "processId"})
public record ApplicationResponse(String applicationId, String name, ConfigurationBody configuration, boolean enabled,
        String processId) {

    public static ApplicationResponse of(StoredApplication a) {
        return new ApplicationResponse(a.id(), a.application().name(), ConfigurationBody.of(a.application().configuration()),
                a.application().enabled(), a.processId());
    }
}
