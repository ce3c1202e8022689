package io.github.keycloakpin2fa.engine.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.keycloakpin2fa.engine.template.MessageTemplateDraft.IndiaDltDraft;
import io.github.keycloakpin2fa.engine.template.MessageTemplateDraft.RegionalDraft;
import io.github.keycloakpin2fa.engine.validation.ValidationException;
import org.junit.jupiter.api.Test;

/** Updates as Infobip makes them: what the request carries changes, the rest stays, the result is validated whole. */
class TemplateUpdateTest {

    private static final MessageTemplate SMS = new MessageTemplate(PinType.NUMERIC, 6, "Hello {{name}}, code {{pin}}",
            "Shop", Language.DE, "Hans", "1#", 0.9, new IndiaDlt("P1", "C1", null));

    private static MessageTemplateDraft only() {
        return new MessageTemplateDraft(null, null, null, null, null, null, null, null, null);
    }

    @Test
    void anUpdateWithOnlyThePinLengthChangesOnlyThePinLength() {
        MessageTemplate updated = MessageTemplateValidator.update(SMS,
                new MessageTemplateDraft(null, 8, null, null, null, null, null, null, null));

        assertThat(updated).isEqualTo(new MessageTemplate(PinType.NUMERIC, 8, "Hello {{name}}, code {{pin}}", "Shop",
                Language.DE, "Hans", "1#", 0.9, new IndiaDlt("P1", "C1", null)));
    }

    @Test
    void anEmptyUpdateKeepsEverything() {
        assertThat(MessageTemplateValidator.update(SMS, only())).isEqualTo(SMS);
        assertThat(MessageTemplateValidator.update(SMS, null)).isEqualTo(SMS);
    }

    @Test
    void everyCarriedFieldReplacesItsValue() {
        MessageTemplate updated = MessageTemplateValidator.update(SMS, new MessageTemplateDraft("HEX", 10,
                "Code {{pin}}", "Bank", "fr", "Lea", "2#", 1.5, null));

        assertThat(updated).isEqualTo(new MessageTemplate(PinType.HEX, 10, "Code {{pin}}", "Bank", Language.FR, "Lea",
                "2#", 1.5, new IndiaDlt("P1", "C1", null)));
    }

    @Test
    void aRegionalUpdateChangesOnlyTheIdsItCarries() {
        MessageTemplate updated = MessageTemplateValidator.update(SMS,
                new MessageTemplateDraft(null, null, null, null, null, null, null, null,
                        new RegionalDraft(new IndiaDltDraft(null, null, "T9"))));

        assertThat(updated.regional()).isEqualTo(new IndiaDlt("P1", "C1", "T9"));
    }

    @Test
    void theMergedTemplateIsValidatedAsAWhole() {
        assertThatThrownBy(() -> MessageTemplateValidator.update(SMS,
                new MessageTemplateDraft(null, 13, "no placeholder", null, null, null, null, null, null)))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.errors().asMap())
                        .containsOnlyKeys("pinLength", "messageText"));
        MessageTemplate noDlt = new MessageTemplate(PinType.NUMERIC, 6, "{{pin}}", null, null, null, null, 1.0, null);
        assertThatThrownBy(() -> MessageTemplateValidator.update(noDlt, new MessageTemplateDraft(null, null, null, null,
                null, null, null, null, new RegionalDraft(new IndiaDltDraft(null, "C2", null)))))
                .as("a new registration still needs its principal entity")
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.errors().asMap())
                        .containsOnlyKeys("regional.indiaDlt.principalEntityId"));
    }

    @Test
    void anEmailUpdateChangesOnlyWhatItCarries() {
        EmailTemplate email = new EmailTemplate(42L, "Shop <shop@example.org>", "lp", PinType.ALPHA, 6);

        assertThat(EmailTemplateValidator.update(email, new EmailTemplateDraft(43L, null, null, 8, null)))
                .isEqualTo(new EmailTemplate(43L, "Shop <shop@example.org>", "lp", PinType.ALPHA, 8));
        assertThat(EmailTemplateValidator.update(email, null)).isEqualTo(email);
        assertThatThrownBy(() -> EmailTemplateValidator.update(email, new EmailTemplateDraft(0L, null, null, 3, null)))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.errors().asMap())
                        .containsOnlyKeys("emailTemplateId", "pinLength"));
    }
}
