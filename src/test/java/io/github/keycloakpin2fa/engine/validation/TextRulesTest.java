package io.github.keycloakpin2fa.engine.validation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TextRulesTest {

    @Test
    void aTextWithTheNulCharacterIsRefusedBecauseDatabasesCannotStoreIt() {
        ValidationErrors errors = new ValidationErrors();

        org.assertj.core.api.Assertions.assertThat(TextRules.optional(errors, "name", "a\u0000b", 10)).isNull();
        org.assertj.core.api.Assertions.assertThat(errors.asMap()).containsEntry("name", java.util.List.of(TextRules.NO_NUL));
    }

    @Test
    void aRequiredTextMayNotBeNull() {
        ValidationErrors errors = new ValidationErrors();
        assertThat(TextRules.required(errors, "name", null, 10)).isNull();
        assertThat(errors.text()).isEqualTo("[name : may not be null]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\t\n"})
    void aTextMayNotBeBlank(String blank) {
        ValidationErrors errors = new ValidationErrors();
        assertThat(TextRules.optional(errors, "senderId", blank, 10)).isNull();
        assertThat(errors.text()).isEqualTo("[senderId : may not be blank]");
    }

    @Test
    void anOptionalTextMayBeNull() {
        ValidationErrors errors = new ValidationErrors();
        assertThat(TextRules.optional(errors, "senderId", null, 10)).isNull();
        assertThat(errors.isEmpty()).isTrue();
    }

    @Test
    void lengthIsBoundedInclusivelyAndCountsCodePoints() {
        ValidationErrors errors = new ValidationErrors();
        String fourEmoji = "\uD83D\uDE00".repeat(4); // 8 UTF-16 units, 4 characters

        assertThat(TextRules.required(errors, "name", fourEmoji, 4)).isEqualTo(fourEmoji);
        assertThat(TextRules.required(errors, "name", "abcd", 4)).isEqualTo("abcd");
        assertThat(errors.isEmpty()).isTrue();

        assertThat(TextRules.required(errors, "name", "abcde", 4)).isNull();
        assertThat(errors.text()).isEqualTo("[name : size must be between 1 and 4]");
    }
}
