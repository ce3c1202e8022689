package io.github.keycloakpin2fa.admin.console;

import io.github.keycloakpin2fa.storage.realm.MessageTemplateComponentFactory;
import java.util.List;

/** "SMS and voice templates" of the applications. */
public final class SmsTemplatesPage extends ConsolePageFactory {

    public SmsTemplatesPage() {
        super(MessageTemplateComponentFactory.ID,
                "The text of PINs sent by SMS or read out by voice, per application: {{pin}} is replaced by the PIN.",
                List.of("name", "application", "messageText", "pinLength"));
    }
}
