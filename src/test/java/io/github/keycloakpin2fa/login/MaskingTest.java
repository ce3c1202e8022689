package io.github.keycloakpin2fa.login;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MaskingTest {

    @Test
    void a_phone_shows_its_country_code_and_last_two_digits() {
        assertThat(Masking.phone("+41791234527")).isEqualTo("+41 ••• ••• 27");
        assertThat(Masking.phone("41791234527")).isEqualTo("+41 ••• ••• 27");
        assertThat(Masking.phone("+14155550142")).isEqualTo("+1 ••• ••• 42");
        assertThat(Masking.phone("+3726123456")).isEqualTo("+372 ••• ••• 56");
    }

    @Test
    void the_masked_part_does_not_tell_how_long_the_number_is() {
        assertThat(Masking.phone("+4915112345678")).hasSameSizeAs(Masking.phone("+491511234567"));
    }

    @Test
    void what_is_not_a_phone_number_shows_nothing_of_itself() {
        assertThat(Masking.phone(null)).isEqualTo("•••");
        assertThat(Masking.phone("+41 79 123")).isEqualTo("•••");
        assertThat(Masking.phone("12")).isEqualTo("•••");
    }

    @Test
    void an_email_address_shows_its_first_character_and_its_domain() {
        assertThat(Masking.email("demo@example.org")).isEqualTo("d•••@example.org");
        assertThat(Masking.email("x@example.org")).isEqualTo("x•••@example.org");
        assertThat(Masking.email("émile.zola@example.fr")).isEqualTo("é•••@example.fr");
    }

    @Test
    void what_is_not_an_email_address_shows_nothing_of_itself() {
        assertThat(Masking.email(null)).isEqualTo("•••");
        assertThat(Masking.email("@example.org")).isEqualTo("•••");
        assertThat(Masking.email("demo@")).isEqualTo("•••");
        assertThat(Masking.email("demo")).isEqualTo("•••");
    }
}
