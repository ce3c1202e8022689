package io.github.keycloakpin2fa.login;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EnrolmentConfigTest {

    @Test
    void defaults_need_numbers_with_their_country_code_and_allow_shared_numbers() {
        EnrolmentConfig config = new EnrolmentConfig(null);

        assertThat(config.defaultRegion()).isNull();
        assertThat(config.uniquePhoneNumbers()).isFalse();
        assertThat(config.applicationId()).isNull();
        assertThat(config.resendCooldownSeconds()).isEqualTo(30);
        assertThat(config.problems()).isEmpty();
    }

    @Test
    void settings_are_read_typed() {
        EnrolmentConfig config = new EnrolmentConfig(Map.of("defaultRegion", " ch ", "uniquePhoneNumbers", "true",
                "applicationId", "A", "smsTemplateId", "T", "resendCooldownSeconds", "10"));

        assertThat(config.defaultRegion()).isEqualTo("CH");
        assertThat(config.uniquePhoneNumbers()).isTrue();
        assertThat(config.applicationId()).isEqualTo("A");
        assertThat(config.smsTemplateId()).isEqualTo("T");
        assertThat(config.resendCooldownSeconds()).isEqualTo(10);
        assertThat(config.problems()).isEmpty();
    }

    @Test
    void an_unknown_region_a_bad_cooldown_and_half_a_route_are_refused() {
        assertThat(new EnrolmentConfig(Map.of("defaultRegion", "Switzerland")).problems())
                .containsExactly(Map.entry("defaultRegion", "error-invalid-value"));
        assertThat(new EnrolmentConfig(Map.of("resendCooldownSeconds", "-5")).problems())
                .containsExactly(Map.entry("resendCooldownSeconds", "error-number-out-of-range"));
        assertThat(new EnrolmentConfig(Map.of("applicationId", "A")).problems())
                .containsExactly(Map.entry("smsTemplateId", "error-invalid-value"));
    }

    @Test
    void the_phone_attributes_are_written_by_default_and_trusted_only_when_asked() {
        assertThat(new EnrolmentConfig(null).setPhoneAttributes()).isTrue();
        assertThat(new EnrolmentConfig(null).acceptVerifiedPhoneAttribute()).isFalse();
        EnrolmentConfig changed = new EnrolmentConfig(Map.of("setPhoneAttributes", "false", "acceptVerifiedPhoneAttribute", " true "));
        assertThat(changed.setPhoneAttributes()).isFalse();
        assertThat(changed.acceptVerifiedPhoneAttribute()).isTrue();
        assertThat(EnrolmentConfig.PROPERTIES).extracting(p -> p.getName())
                .contains("setPhoneAttributes", "acceptVerifiedPhoneAttribute");
    }
}
