package io.github.keycloakpin2fa.storage.realm;

import java.util.List;
import org.keycloak.component.ComponentModel;

/** An email message template, a sub-component of its application. */
public final class EmailTemplateComponentFactory extends ConfigComponentFactory {

    public static final String ID = "2fa-email-template";

    public EmailTemplateComponentFactory() {
        super(ID, "An email message template of a 2FA application.", List.of(
                "emailTemplateId", "from", "landingPageId", "pinLength", "pinType", ComponentCodec.CREATED_AT));
    }

    @Override
    void validate(ComponentModel model) {
        ComponentCodec.emailTemplate(model);
    }
}
