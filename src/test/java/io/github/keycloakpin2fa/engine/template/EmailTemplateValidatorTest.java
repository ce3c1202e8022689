package io.github.keycloakpin2fa.engine.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.keycloakpin2fa.engine.validation.ValidationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EmailTemplateValidatorTest {

    @Test
    void acceptsAFullRequest() {
        EmailTemplate template = EmailTemplateValidator.validate(
                new EmailTemplateDraft(1234L, "Company <no-reply@example.com>", "lp-1", 6, "HEX"));

        assertThat(template).isEqualTo(
                new EmailTemplate(1234L, "Company <no-reply@example.com>", "lp-1", PinType.HEX, 6));
    }

    @Test
    void pinTypeDefaultsToNumericAndPinLengthToFour() {
        EmailTemplate template = EmailTemplateValidator.validate(new EmailTemplateDraft(1L, null, null, null, null));

        assertThat(template.pinType()).isEqualTo(PinType.NUMERIC);
        assertThat(template.pinLength()).isEqualTo(4);
        assertThat(template.from()).isNull();
        assertThat(template.landingPageId()).isNull();
    }

    @Test
    void theEmailTemplateIdIsRequired() {
        assertRejected(new EmailTemplateDraft(null, null, null, null, null), "[emailTemplateId : may not be null]");
        assertRejected(null, "[emailTemplateId : may not be null]");
    }

    @ParameterizedTest
    @ValueSource(longs = {0, -1})
    void theEmailTemplateIdIsPositive(long id) {
        assertRejected(new EmailTemplateDraft(id, null, null, null, null),
                "[emailTemplateId : must be greater than or equal to 1]");
    }

    @ParameterizedTest
    @ValueSource(ints = {3, 13})
    void pinLengthHasTheSameBoundsAsMessages(int length) {
        assertRejected(new EmailTemplateDraft(1L, null, null, length, null), "[pinLength : must be between 4 and 12]");
    }

    @Test
    void anUnknownPinTypeIsRejected() {
        assertRejected(new EmailTemplateDraft(1L, null, null, null, "Numeric"),
                "[pinType : must be one of NUMERIC, ALPHA, HEX, ALPHANUMERIC]");
    }

    @Test
    void fromMayNotBeBlankOrTooLong() {
        assertRejected(new EmailTemplateDraft(1L, " ", null, null, null), "[from : may not be blank]");
        assertRejected(new EmailTemplateDraft(1L, "a".repeat(321), null, null, null),
                "[from : size must be between 1 and 320]");
    }

    @Test
    void reportsEveryErrorAtOnce() {
        assertRejected(new EmailTemplateDraft(null, "", " ", 20, "x"),
                "[emailTemplateId : may not be null, from : may not be blank, landingPageId : may not be blank,"
                        + " pinLength : must be between 4 and 12,"
                        + " pinType : must be one of NUMERIC, ALPHA, HEX, ALPHANUMERIC]");
    }

    private static void assertRejected(EmailTemplateDraft draft, String text) {
        assertThatThrownBy(() -> EmailTemplateValidator.validate(draft))
                .isInstanceOf(ValidationException.class)
                .hasMessage(text);
    }
}
