package io.github.keycloakpin2fa.engine.destination;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EmailAddressTest {

    @Test
    void an_address_is_kept_as_written_but_trimmed() {
        assertThat(EmailAddress.parse("  Demo.User@Example.org ").orElseThrow().value()).isEqualTo("Demo.User@Example.org");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "demo", "@example.org", "demo@", "demo@example", "a b@example.org", "demo@@example.org"})
    void what_is_not_shaped_like_an_address_is_none(String text) {
        assertThat(EmailAddress.parse(text)).isEmpty();
    }

    @Test
    void overlong_addresses_are_none() {
        assertThat(EmailAddress.parse("a".repeat(64) + "@" + "b".repeat(255) + ".org")).isEmpty();
        assertThat(EmailAddress.parse(null)).isEmpty();
    }

    @Test
    void a_limit_counts_an_address_whatever_its_case() {
        assertThat(EmailAddress.parse("Demo@Example.ORG").orElseThrow().limitKey())
                .isEqualTo(EmailAddress.parse("demo@example.org").orElseThrow().limitKey());
    }

    @Test
    void the_same_address_in_another_case_is_the_same() {
        assertThat(new EmailAddress("demo@example.org").sameAs("DEMO@example.org ")).isTrue();
        assertThat(new EmailAddress("demo@example.org").sameAs("other@example.org")).isFalse();
        assertThat(new EmailAddress("demo@example.org").sameAs(null)).isFalse();
    }

    @Test
    void masked_shows_the_first_character_and_the_domain() {
        assertThat(new EmailAddress("demo@example.org").masked()).isEqualTo("d•••@example.org");
        assertThat(new EmailAddress("x@example.org").masked()).isEqualTo("x•••@example.org");
        assertThat(new EmailAddress("émile.zola@example.fr").masked()).isEqualTo("é•••@example.fr");
    }

    @Test
    void a_stored_destination_is_read_back_as_what_it_is() {
        assertThat(Destination.ofStored("demo@example.org")).isEqualTo(new EmailAddress("demo@example.org"));
        assertThat(Destination.ofStored("41793026727")).isEqualTo(new PhoneNumber("41793026727"));
    }
}
