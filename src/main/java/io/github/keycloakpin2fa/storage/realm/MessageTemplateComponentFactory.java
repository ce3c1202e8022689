package io.github.keycloakpin2fa.storage.realm;

/** An SMS/voice message template, a sub-component of its application. */
public final class MessageTemplateComponentFactory extends ConfigComponentFactory {

    public static final String ID = "2fa-message-template";

    public MessageTemplateComponentFactory() {
        super(ID, "An SMS and voice message template of a 2FA application.");
    }
}
