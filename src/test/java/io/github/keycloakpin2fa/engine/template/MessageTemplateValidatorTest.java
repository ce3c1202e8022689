package io.github.keycloakpin2fa.engine.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.keycloakpin2fa.engine.template.MessageTemplateDraft.IndiaDltDraft;
import io.github.keycloakpin2fa.engine.template.MessageTemplateDraft.RegionalDraft;
import io.github.keycloakpin2fa.engine.validation.ValidationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MessageTemplateValidatorTest {

    private static final String TEXT = "Your pin is {{pin}}";

    @Test
    void acceptsTheSeedRequest() {
        MessageTemplate template = MessageTemplateValidator.validate(new MessageTemplateDraft(
                "NUMERIC", 4, TEXT, "Infobip 2FA", "en", null, "1#", 1.0, null));

        assertThat(template).isEqualTo(new MessageTemplate(PinType.NUMERIC, 4, TEXT, "Infobip 2FA", Language.EN,
                null, "1#", 1.0, null));
        assertThat(template.pinPlaceholder()).isEqualTo("{{pin}}");
    }

    @Test
    void onlyPinTypeAndMessageTextAreRequired() {
        MessageTemplate template = MessageTemplateValidator.validate(draft("ALPHA", null, TEXT));

        assertThat(template.pinType()).isEqualTo(PinType.ALPHA);
        assertThat(template.pinLength()).isEqualTo(4);
        assertThat(template.speechRate()).isEqualTo(1.0);
        assertThat(template.senderId()).isNull();
        assertThat(template.language()).isNull();
        assertThat(template.regional()).isNull();
    }

    @Test
    void anEmptyRequestNamesBothRequiredFields() {
        assertRejected(null, "[pinType : may not be null, messageText : may not be null]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"numeric", "DIGITS", " NUMERIC", ""})
    void anUnknownPinTypeListsTheTypes(String pinType) {
        assertRejected(draft(pinType, null, TEXT),
                "[pinType : must be one of NUMERIC, ALPHA, HEX, ALPHANUMERIC]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Your pin is", "", "Your pin is {{PIN}}", "Your pin is {pin}", "Your pin is {{ pin }}"})
    void theTextMustContainThePinPlaceholder(String text) {
        assertRejected(draft("NUMERIC", null, text), "[messageText : must contain the placeholder {{pin}}]");
    }

    @Test
    void theTextHasAtMost1600Characters() {
        String longest = "{{pin}}" + "x".repeat(1593);
        assertThat(MessageTemplateValidator.validate(draft("NUMERIC", null, longest)).messageText()).hasSize(1600);
        assertRejected(draft("NUMERIC", null, longest + "x"), "[messageText : size must be between 1 and 1600]");
    }

    @ParameterizedTest
    @ValueSource(ints = {4, 6, 12})
    void pinLengthFromFourToTwelveIsAccepted(int length) {
        assertThat(MessageTemplateValidator.validate(draft("NUMERIC", length, TEXT)).pinLength()).isEqualTo(length);
    }

    @ParameterizedTest
    @ValueSource(ints = {3, 13, 0, -1})
    void pinLengthOutsideFourToTwelveIsRejected(int length) {
        assertRejected(draft("NUMERIC", length, TEXT), "[pinLength : must be between 4 and 12]");
    }

    @Test
    void anUnknownLanguageListsTheCodes() {
        assertRejected(withOptional(null, "EN", null, null, null, null),
                "[language : must be one of en, es, ca, da, nl, fr, de, it, ja, ko, no, pl, ru, sv, fi, hr, sl, ro,"
                        + " pt_pt, pt_br, zh_cn, zh_tw]");
        assertThat(MessageTemplateValidator.validate(withOptional(null, "zh_tw", null, null, null, null)).language())
                .isEqualTo(Language.ZH_TW);
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.5, 1.0, 1.25, 2.0})
    void speechRateFromHalfToTwoIsAccepted(double rate) {
        assertThat(MessageTemplateValidator.validate(withOptional(null, null, null, null, rate, null)).speechRate())
                .isEqualTo(rate);
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.49, 2.01, 0, -1, Double.NaN, Double.POSITIVE_INFINITY})
    void speechRateOutsideHalfToTwoIsRejected(double rate) {
        assertRejected(withOptional(null, null, null, null, rate, null), "[speechRate : must be between 0.5 and 2]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1#", "*", "#", "0123456789", "9*#"})
    void repeatDtmfIsUpToTenKeys(String keys) {
        assertThat(MessageTemplateValidator.validate(withOptional(null, null, null, keys, null, null)).repeatDTMF())
                .isEqualTo(keys);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "01234567890", "1 #", "A", "1-#", "+"})
    void repeatDtmfWithOtherKeysOrLengthIsRejected(String keys) {
        assertRejected(withOptional(null, null, null, keys, null, null),
                "[repeatDTMF : must be 1 to 10 of the keys 0-9, * and #]");
    }

    @Test
    void senderIdIsOneToSixteenCharacters() {
        assertThat(MessageTemplateValidator.validate(withOptional("4179302672712345", null, null, null, null, null))
                .senderId()).hasSize(16);
        assertRejected(withOptional("41793026727123456", null, null, null, null, null),
                "[senderId : size must be between 1 and 16]");
        assertRejected(withOptional(" ", null, null, null, null, null), "[senderId : may not be blank]");
    }

    @Test
    void voiceNameIsBounded() {
        assertThat(MessageTemplateValidator.validate(withOptional(null, null, "Joanna", null, null, null)).voiceName())
                .isEqualTo("Joanna");
        assertRejected(withOptional(null, null, "v".repeat(65), null, null, null),
                "[voiceName : size must be between 1 and 64]");
    }

    @Test
    void indiaDltNeedsItsPrincipalEntity() {
        RegionalDraft complete = new RegionalDraft(new IndiaDltDraft("1207160000000000001", "1207160000000000002", null));
        assertThat(MessageTemplateValidator.validate(withOptional(null, null, null, null, null, complete)).regional())
                .isEqualTo(new IndiaDlt("1207160000000000001", "1207160000000000002", null));

        RegionalDraft missing = new RegionalDraft(new IndiaDltDraft(null, "1207160000000000002", "x"));
        assertRejected(withOptional(null, null, null, null, null, missing),
                "[regional.indiaDlt.principalEntityId : may not be null]");
    }

    @Test
    void anEmptyRegionalObjectMeansNoRegistration() {
        assertThat(MessageTemplateValidator.validate(
                withOptional(null, null, null, null, null, new RegionalDraft(null))).regional()).isNull();
    }

    @Test
    void reportsEveryErrorOfTheRequestAtOnce() {
        MessageTemplateDraft draft = new MessageTemplateDraft("DIGITS", 3, "no placeholder", null, "xx", null, "A",
                3.0, new RegionalDraft(new IndiaDltDraft(null, null, null)));

        assertThatThrownBy(() -> MessageTemplateValidator.validate(draft))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.errors().asMap()).containsOnlyKeys(
                        "pinType", "messageText", "pinLength", "language", "repeatDTMF", "speechRate",
                        "regional.indiaDlt.principalEntityId"));
    }

    private static MessageTemplateDraft draft(String pinType, Integer pinLength, String text) {
        return new MessageTemplateDraft(pinType, pinLength, text, null, null, null, null, null, null);
    }

    private static MessageTemplateDraft withOptional(String senderId, String language, String voiceName,
            String repeatDtmf, Double speechRate, RegionalDraft regional) {
        return new MessageTemplateDraft("NUMERIC", 6, TEXT, senderId, language, voiceName, repeatDtmf, speechRate,
                regional);
    }

    private static void assertRejected(MessageTemplateDraft draft, String text) {
        assertThatThrownBy(() -> MessageTemplateValidator.validate(draft))
                .isInstanceOf(ValidationException.class)
                .hasMessage(text);
    }
}
