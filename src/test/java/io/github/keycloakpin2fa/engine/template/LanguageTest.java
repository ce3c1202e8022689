package io.github.keycloakpin2fa.engine.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class LanguageTest {

    @Test
    void hasInfobipsTwentyTwoCodesInTheirOrder() {
        assertThat(Arrays.stream(Language.values()).map(Language::code)).containsExactly(
                "en", "es", "ca", "da", "nl", "fr", "de", "it", "ja", "ko", "no", "pl", "ru", "sv", "fi", "hr",
                "sl", "ro", "pt_pt", "pt_br", "zh_cn", "zh_tw");
    }

    @ParameterizedTest
    @EnumSource(Language.class)
    void everyCodeFindsItsLanguage(Language language) {
        assertThat(Language.fromCode(language.code())).contains(language);
    }

    @ParameterizedTest
    @ValueSource(strings = {"EN", "pt_PT", "pt-pt", "Zh_cn", " en", "en ", "xx", ""})
    void codesAreMatchedExactlyInLowerCase(String code) {
        assertThat(Language.fromCode(code)).isEmpty();
    }

    @Test
    void nullIsNoLanguage() {
        assertThat(Language.fromCode(null)).isEmpty();
    }

    @Test
    void theErrorListsEveryCode() {
        assertThat(Language.ONE_OF).isEqualTo("must be one of en, es, ca, da, nl, fr, de, it, ja, ko, no, pl, ru, sv,"
                + " fi, hr, sl, ro, pt_pt, pt_br, zh_cn, zh_tw");
    }
}
