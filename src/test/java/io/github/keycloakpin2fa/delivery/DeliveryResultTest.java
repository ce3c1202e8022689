package io.github.keycloakpin2fa.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DeliveryResultTest {

    @Test
    void a_vendor_answer_that_echoes_the_pin_is_scrubbed() {
        DeliveryResult echoed = DeliveryResult.rejected("HTTP 502: {\"text\": \"Your PIN is 482913\", \"pin\": \"482913\"}");

        assertThat(echoed.scrubbed("482913").detail()).isEqualTo("HTTP 502: {\"text\": \"Your PIN is [PIN]\", \"pin\": \"[PIN]\"}");
    }

    @Test
    void a_pin_read_out_digit_by_digit_is_scrubbed_too() {
        assertThat(DeliveryResult.rejected("said: 4 8 2 9 1 3").scrubbed("482913").detail()).isEqualTo("said: [PIN]");
    }

    @Test
    void results_without_the_pin_stay_as_they_are() {
        DeliveryResult plain = DeliveryResult.rejected("HTTP 401");

        assertThat(plain.scrubbed("482913")).isSameAs(plain);
        assertThat(DeliveryResult.accepted("id-1").scrubbed("482913").vendorMessageId()).isEqualTo("id-1");
    }
}
