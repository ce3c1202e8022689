package io.github.keycloakpin2fa.storage.realm;

import io.github.keycloakpin2fa.engine.template.EmailTemplate;
import io.github.keycloakpin2fa.engine.template.MessageTemplate;

/** A message template of an application: SMS and voice, or email. */
public sealed interface StoredTemplate {

    String id();

    String applicationId();

    /** An SMS and voice template. */
    record Message(String id, String applicationId, MessageTemplate template) implements StoredTemplate {
    }

    /** An email template. */
    record Email(String id, String applicationId, EmailTemplate template) implements StoredTemplate {
    }
}
