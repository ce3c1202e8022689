package io.github.keycloakpin2fa.delivery.lookup;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The offline check with libphonenumber. */
class PhoneNumbersTest {

    @Test
    void numbers_of_real_numbering_plans_are_valid() {
        assertThat(PhoneNumbers.isValid("41793026727")).as("Swiss mobile").isTrue();
        assertThat(PhoneNumbers.isValid("+4915123456789")).as("German mobile, with +").isTrue();
        assertThat(PhoneNumbers.isValid("14155552671")).as("US number").isTrue();
    }

    @Test
    void numbers_that_cannot_exist_are_not() {
        assertThat(PhoneNumbers.isValid("41123")).as("too short for Switzerland").isFalse();
        assertThat(PhoneNumbers.isValid("999123456789")).as("no such country code").isFalse();
        assertThat(PhoneNumbers.isValid("4179302672799999")).as("too long").isFalse();
    }
}
