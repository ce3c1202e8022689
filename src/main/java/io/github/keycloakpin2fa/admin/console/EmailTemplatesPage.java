package io.github.keycloakpin2fa.admin.console;

import io.github.keycloakpin2fa.storage.realm.EmailTemplateComponentFactory;
import java.util.List;

/** "Email templates" of the applications. */
public final class EmailTemplatesPage extends ConsolePageFactory {

    public EmailTemplatesPage() {
        super(EmailTemplateComponentFactory.ID,
                "PINs sent by email, per application: the PIN's type and length and the sender.",
                List.of("name", "application", "pinLength", "from"));
    }
}
