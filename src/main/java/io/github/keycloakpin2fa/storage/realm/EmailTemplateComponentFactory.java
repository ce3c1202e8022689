package io.github.keycloakpin2fa.storage.realm;

/** An email message template, a sub-component of its application. */
public final class EmailTemplateComponentFactory extends ConfigComponentFactory {

    public static final String ID = "2fa-email-template";

    public EmailTemplateComponentFactory() {
        super(ID, "An email message template of a 2FA application.");
    }
}
