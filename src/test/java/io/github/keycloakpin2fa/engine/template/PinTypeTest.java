package io.github.keycloakpin2fa.engine.template;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class PinTypeTest {

    @ParameterizedTest(name = "{0} is made of {1}")
    @CsvSource({
        "NUMERIC,      0123456789",
        "ALPHA,        ABCDEFGHIJKLMNOPQRSTUVWXYZ",
        "HEX,          0123456789ABCDEF",
        "ALPHANUMERIC, 0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ",
    })
    void eachTypeHasItsAlphabet(PinType type, String alphabet) {
        assertThat(type.alphabet()).isEqualTo(alphabet);
    }

    @ParameterizedTest
    @EnumSource(PinType.class)
    void everyAlphabetIsUpperCaseWithoutRepeats(PinType type) {
        String alphabet = type.alphabet();
        assertThat(alphabet).isEqualTo(alphabet.toUpperCase());
        assertThat(alphabet.chars().distinct().count()).isEqualTo(alphabet.length());
    }

    @ParameterizedTest(name = "{0}: [{1}] is entered as [{2}]")
    @CsvSource(delimiter = '|', value = {
        "NUMERIC      | ' 1234 '   | 1234",
        "NUMERIC      | '1234\t\n' | 1234",
        "NUMERIC      | 12 34      | 12 34",
        "ALPHA        | abCD       | ABCD",
        "HEX          | ' 3fa9'    | 3FA9",
        "ALPHANUMERIC | x7k2       | X7K2",
    })
    void normalizeStripsWhitespaceAndUpperCasesLetterTypes(PinType type, String entered, String normalized) {
        assertThat(type.normalize(entered)).isEqualTo(normalized);
    }

    @Test
    void normalizeIgnoresTheDefaultLocale() {
        java.util.Locale saved = java.util.Locale.getDefault();
        try {
            java.util.Locale.setDefault(java.util.Locale.forLanguageTag("tr-TR"));
            assertThat(PinType.ALPHA.normalize("iiii")).isEqualTo("IIII");
        } finally {
            java.util.Locale.setDefault(saved);
        }
    }

    @Test
    void numericPinsAreNotCaseFolded() {
        assertThat(PinType.NUMERIC.normalize("abc1")).isEqualTo("abc1");
    }

    @ParameterizedTest
    @EnumSource(PinType.class)
    void nullIsEnteredAsTheEmptyText(PinType type) {
        assertThat(type.normalize(null)).isEmpty();
    }

    @ParameterizedTest(name = "{0} asks for inputmode={1}")
    @CsvSource({"NUMERIC, numeric", "ALPHA, text", "HEX, text", "ALPHANUMERIC, text"})
    void givesTheLoginPageAnInputModeHint(PinType type, String inputMode) {
        assertThat(type.inputMode()).isEqualTo(inputMode);
    }

    @Test
    void namesAreMatchedExactly() {
        assertThat(PinType.fromName("HEX")).contains(PinType.HEX);
        assertThat(PinType.fromName("hex")).isEmpty();
        assertThat(PinType.fromName(null)).isEmpty();
        assertThat(PinType.ONE_OF).isEqualTo("must be one of NUMERIC, ALPHA, HEX, ALPHANUMERIC");
    }
}
