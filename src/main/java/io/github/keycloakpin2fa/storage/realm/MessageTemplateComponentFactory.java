package io.github.keycloakpin2fa.storage.realm;

import java.util.List;
import org.keycloak.component.ComponentModel;

/** An SMS/voice message template, a sub-component of its application. */
public final class MessageTemplateComponentFactory extends ConfigComponentFactory {

    public static final String ID = "2fa-message-template";

    public MessageTemplateComponentFactory() {
        super(ID, "An SMS and voice message template of a 2FA application.", List.of(
                "pinType", "pinLength", "messageText", "senderId", "language", "voiceName", "repeatDTMF",
                "speechRate", ComponentCodec.DLT + "principalEntityId", ComponentCodec.DLT + "contentTemplateId",
                ComponentCodec.DLT + "teleMarketerId", ComponentCodec.CREATED_AT));
    }

    @Override
    void validate(ComponentModel model) {
        ComponentCodec.messageTemplate(model);
    }
}
