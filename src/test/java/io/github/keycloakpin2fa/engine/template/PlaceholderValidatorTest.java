package io.github.keycloakpin2fa.engine.template;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.keycloakpin2fa.engine.validation.ValidationException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PlaceholderValidatorTest {

    @Test
    void acceptsAnOrdinaryMapAndNull() {
        assertThatCode(() -> PlaceholderValidator.validate(Map.of("firstName", "Ana", "first name", "x")))
                .doesNotThrowAnyException();
        assertThatCode(() -> PlaceholderValidator.validate(null)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"pin", "PIN", "Pin", " pin "})
    void pinIsReservedInAnyCase(String key) {
        assertRejected(Map.of(key, "0000"), "[placeholders : key " + key + " is reserved for the PIN]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{name}", "{{name}}", "na}me", "name{"})
    void keysAreWithoutBraces(String key) {
        assertRejected(Map.of(key, "x"), "[placeholders : key " + key + " may not contain { or }]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  "})
    void keysMayNotBeBlank(String key) {
        assertRejected(Map.of(key, "x"), "[placeholders : keys must be 1 to 64 characters and not blank]");
    }

    @Test
    void keysHaveAtMost64Characters() {
        assertThatCode(() -> PlaceholderValidator.validate(Map.of("k".repeat(64), "x"))).doesNotThrowAnyException();
        assertRejected(Map.of("k".repeat(65), "x"), "[placeholders : keys must be 1 to 64 characters and not blank]");
    }

    @Test
    void aNullKeyIsRejected() {
        Map<String, String> map = new HashMap<>();
        map.put(null, "x");
        assertRejected(map, "[placeholders : keys must be 1 to 64 characters and not blank]");
    }

    @Test
    void valuesAreNotNull() {
        Map<String, String> map = new HashMap<>();
        map.put("name", null);
        assertRejected(map, "[placeholders : value for {{name}} may not be null]");
    }

    @Test
    void valuesHaveAtMost256Characters() {
        assertThatCode(() -> PlaceholderValidator.validate(Map.of("name", "v".repeat(256)))).doesNotThrowAnyException();
        assertRejected(Map.of("name", "v".repeat(257)), "[placeholders : value for {{name}} must have at most 256 characters]");
    }

    @Test
    void atMostFiftyEntries() {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < 50; i++) {
            map.put("k" + i, "v");
        }
        assertThatCode(() -> PlaceholderValidator.validate(map)).doesNotThrowAnyException();

        map.put("k50", "v");
        assertRejected(map, "[placeholders : must have at most 50 entries]");
    }

    @Test
    void reportsEveryBrokenEntry() {
        Map<String, String> map = new LinkedHashMap<>();
        map.put("pin", "1");
        map.put("ok", "fine");
        map.put("x", null);
        assertRejected(map, "[placeholders : key pin is reserved for the PIN, placeholders : value for {{x}} may not be null]");
    }

    private static void assertRejected(Map<String, String> map, String text) {
        assertThatThrownBy(() -> PlaceholderValidator.validate(map))
                .isInstanceOf(ValidationException.class)
                .hasMessage(text);
    }
}
