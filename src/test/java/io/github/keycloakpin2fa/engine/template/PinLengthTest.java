package io.github.keycloakpin2fa.engine.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PinLengthTest {

    @ParameterizedTest(name = "length {0} valid={1}")
    @CsvSource({"3, false", "4, true", "6, true", "12, true", "13, false", "0, false", "-4, false"})
    void aPinHasFourToTwelveCharacters(int length, boolean valid) {
        assertThat(PinLength.isValid(length)).isEqualTo(valid);
    }

    @Test
    void theDefaultIsInfobipsFour() {
        assertThat(PinLength.DEFAULT).isEqualTo(4);
    }

    @Test
    void requireRejectsOutOfBounds() {
        assertThat(PinLength.require(12)).isEqualTo(12);
        assertThatThrownBy(() -> PinLength.require(13)).hasMessageContaining("must be between 4 and 12");
    }
}
