package io.github.keycloakpin2fa.login;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PhoneNumbersTest {

    @ParameterizedTest
    @CsvSource({
            "'+41 79 123 45 27', CH, +41791234527",
            "'079 123 45 27', CH, +41791234527",
            "'0041791234527', CH, +41791234527",
            "'(079) 123-45-27', CH, +41791234527",
            "'+49 151 23456789', CH, +4915123456789",
            "'0151 23456789', DE, +4915123456789",
            "'+1 415 555 2671', , +14155552671",
            "'  +33 6 12 34 56 78  ', FR, +33612345678",
            "'079 123 45 27', ch, +41791234527"})
    void numbers_as_people_type_them_become_e164(String input, String region, String e164) {
        PhoneNumbers.Parsed parsed = PhoneNumbers.normalize(input, region);

        assertThat(parsed.valid()).isTrue();
        assertThat(parsed.e164()).isEqualTo(e164);
    }

    @Test
    void without_a_default_region_a_national_number_is_not_understood() {
        assertThat(PhoneNumbers.normalize("079 123 45 27", null).errorKey()).isEqualTo(PinMessages.PHONE_INVALID);
        assertThat(PhoneNumbers.normalize("079 123 45 27", " ").errorKey()).isEqualTo(PinMessages.PHONE_INVALID);
    }

    @Test
    void nothing_typed_asks_for_a_number() {
        assertThat(PhoneNumbers.normalize(null, "CH").errorKey()).isEqualTo(PinMessages.PHONE_MISSING);
        assertThat(PhoneNumbers.normalize("   ", "CH").errorKey()).isEqualTo(PinMessages.PHONE_MISSING);
    }

    @ParameterizedTest
    @ValueSource(strings = {"12", "+41 12", "hello", "+41 79 123 45 27 99 99", "+999 1234567", "<script>", "+41791234527; drop"})
    void what_is_no_valid_number_is_refused(String input) {
        PhoneNumbers.Parsed parsed = PhoneNumbers.normalize(input, "CH");

        assertThat(parsed.valid()).isFalse();
        assertThat(parsed.errorKey()).isEqualTo(PinMessages.PHONE_INVALID);
    }

    @Test
    void very_long_input_is_refused_before_parsing() {
        assertThat(PhoneNumbers.normalize("+41" + "1".repeat(PhoneNumbers.MAX_INPUT), "CH").errorKey())
                .isEqualTo(PinMessages.PHONE_INVALID);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0900 123 456", "+41 900 123 456", "0800 123 456"})
    void premium_rate_and_toll_free_numbers_never_receive_pins(String input) {
        assertThat(PhoneNumbers.normalize(input, "CH").valid()).isFalse();
    }

    @Test
    void regions_are_iso_codes_that_libphonenumber_knows() {
        assertThat(PhoneNumbers.isKnownRegion("CH")).isTrue();
        assertThat(PhoneNumbers.isKnownRegion("de")).isTrue();
        assertThat(PhoneNumbers.isKnownRegion("XX")).isFalse();
        assertThat(PhoneNumbers.isKnownRegion("Switzerland")).isFalse();
        assertThat(PhoneNumbers.isKnownRegion(null)).isFalse();
    }
}
