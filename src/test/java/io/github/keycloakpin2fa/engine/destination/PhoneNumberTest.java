package io.github.keycloakpin2fa.engine.destination;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PhoneNumberTest {

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
        PhoneNumber.Reading reading = PhoneNumber.read(input, region);

        assertThat(reading.valid()).isTrue();
        assertThat(reading.number().e164()).isEqualTo(e164);
        assertThat(reading.number().digits()).isEqualTo(e164.substring(1));
    }

    @Test
    void without_a_default_region_a_national_number_is_not_understood() {
        assertThat(PhoneNumber.read("079 123 45 27", null).problem()).isEqualTo(PhoneNumber.Problem.INVALID);
        assertThat(PhoneNumber.read("079 123 45 27", " ").problem()).isEqualTo(PhoneNumber.Problem.INVALID);
    }

    @Test
    void nothing_typed_is_missing() {
        assertThat(PhoneNumber.read(null, "CH").problem()).isEqualTo(PhoneNumber.Problem.MISSING);
        assertThat(PhoneNumber.read("   ", "CH").problem()).isEqualTo(PhoneNumber.Problem.MISSING);
    }

    @ParameterizedTest
    @ValueSource(strings = {"12", "+41 12", "hello", "+41 79 123 45 27 99 99", "+999 1234567", "<script>", "+41791234527; drop"})
    void what_is_no_valid_number_is_refused(String input) {
        PhoneNumber.Reading reading = PhoneNumber.read(input, "CH");

        assertThat(reading.valid()).isFalse();
        assertThat(reading.problem()).isEqualTo(PhoneNumber.Problem.INVALID);
    }

    @Test
    void very_long_input_is_refused_before_parsing() {
        assertThat(PhoneNumber.read("+41" + "1".repeat(PhoneNumber.MAX_INPUT), "CH").problem()).isEqualTo(PhoneNumber.Problem.INVALID);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0900 123 456", "+41 900 123 456", "0800 123 456"})
    void premium_rate_and_toll_free_numbers_never_receive_pins(String input) {
        assertThat(PhoneNumber.read(input, "CH").valid()).isFalse();
    }

    @Test
    void regions_are_iso_codes_that_libphonenumber_knows() {
        assertThat(PhoneNumber.isKnownRegion("CH")).isTrue();
        assertThat(PhoneNumber.isKnownRegion("de")).isTrue();
        assertThat(PhoneNumber.isKnownRegion("XX")).isFalse();
        assertThat(PhoneNumber.isKnownRegion("Switzerland")).isFalse();
        assertThat(PhoneNumber.isKnownRegion(null)).isFalse();
    }

    @Test
    void an_msisdn_is_e164_digits_with_or_without_its_plus() {
        assertThat(PhoneNumber.msisdn("41793026727")).contains(new PhoneNumber("41793026727"));
        assertThat(PhoneNumber.msisdn(" +41793026727 ")).contains(new PhoneNumber("41793026727"));
        assertThat(PhoneNumber.msisdn("41793026727").orElseThrow().value()).isEqualTo("41793026727");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "+", "12345", "0041793026727", "4179302672799999", "41 79 302 67 27", "++41793026727", "4179302672a"})
    void what_is_not_shaped_like_an_msisdn_is_none(String text) {
        assertThat(PhoneNumber.msisdn(text)).isEmpty();
    }

    @Test
    void the_type_itself_refuses_what_is_not_e164_digits() {
        assertThatThrownBy(() -> new PhoneNumber("+41793026727")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PhoneNumber("0793026727")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void numbers_of_real_numbering_plans_exist_others_do_not() {
        assertThat(new PhoneNumber("41793026727").existsInNumberingPlan()).as("Swiss mobile").isTrue();
        assertThat(new PhoneNumber("14155552671").existsInNumberingPlan()).as("US number").isTrue();
        assertThat(new PhoneNumber("411234").existsInNumberingPlan()).as("too short for Switzerland").isFalse();
        assertThat(new PhoneNumber("999123456789").existsInNumberingPlan()).as("no such country code").isFalse();
    }

    @Test
    void masked_shows_the_country_code_and_the_last_two_digits() {
        assertThat(new PhoneNumber("41791234527").masked()).isEqualTo("+41 ••• ••• 27");
        assertThat(new PhoneNumber("14155550142").masked()).isEqualTo("+1 ••• ••• 42");
        assertThat(new PhoneNumber("3726123456").masked()).isEqualTo("+372 ••• ••• 56");
        assertThat(new PhoneNumber("999123456789").masked()).as("no known country code").isEqualTo("+••• ••• 89");
    }

    @Test
    void the_country_code_is_the_one_libphonenumber_reads_for_every_calling_code_it_knows() {
        PhoneNumberUtil util = PhoneNumberUtil.getInstance();
        assertThat(util.getSupportedCallingCodes()).hasSizeGreaterThan(200);
        for (int code : util.getSupportedCallingCodes()) {
            String digits = code + "791234527";
            assertThat(new PhoneNumber(digits).countryCode()).as(digits).isEqualTo(code);
        }
        assertThat(new PhoneNumber("80012345678").countryCode()).as("non-geographic +800").isEqualTo(800);
        assertThat(new PhoneNumber("79161234567").countryCode()).as("+7, one digit").isEqualTo(7);
        assertThat(new PhoneNumber("999123456789").countryCode()).as("no such calling code").isZero();
    }

    @Test
    void the_masked_part_does_not_tell_how_long_the_number_is() {
        assertThat(new PhoneNumber("4915112345678").masked()).hasSameSizeAs(new PhoneNumber("491511234567").masked());
    }

    @Test
    void a_limit_counts_the_digits_however_the_number_was_written() {
        assertThat(PhoneNumber.msisdn("+41793026727").orElseThrow().limitKey())
                .isEqualTo(PhoneNumber.read("079 302 67 27", "CH").number().limitKey())
                .isEqualTo("41793026727");
    }
}
