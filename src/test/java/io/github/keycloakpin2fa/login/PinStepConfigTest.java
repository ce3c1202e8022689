package io.github.keycloakpin2fa.login;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keycloak.provider.ProviderConfigProperty;

class PinStepConfigTest {

    private static final String APP = "DE000000000000000000000000000001";
    private static final String SMS = "DE000000000000000000000000000002";

    @Test
    void missing_config_takes_the_defaults_and_says_what_is_required() {
        PinStepConfig config = new PinStepConfig(null);

        assertThat(config.resendCooldownSeconds()).isEqualTo(30);
        assertThat(config.allowVoice()).isFalse();
        assertThat(config.allowEmail()).isFalse();
        assertThat(config.askToEnrol()).isTrue();
        assertThat(config.problems()).containsExactly("applicationId is required", "smsTemplateId is required");
    }

    @Test
    void a_complete_config_is_read_typed() {
        PinStepConfig config = new PinStepConfig(Map.of(
                "applicationId", " " + APP + " ", "smsTemplateId", SMS, "emailTemplateId", "E1",
                "resendCooldownSeconds", "45", "allowVoice", "true", "allowEmail", "true", "askToEnrol", "false"));

        assertThat(config.applicationId()).isEqualTo(APP);
        assertThat(config.smsTemplateId()).isEqualTo(SMS);
        assertThat(config.emailTemplateId()).isEqualTo("E1");
        assertThat(config.resendCooldownSeconds()).isEqualTo(45);
        assertThat(config.allowVoice()).isTrue();
        assertThat(config.allowEmail()).isTrue();
        assertThat(config.askToEnrol()).isFalse();
        assertThat(config.problems()).isEmpty();
    }

    @Test
    void a_bad_cooldown_is_reported_and_the_default_used_meanwhile() {
        for (String bad : new String[] {"soon", "-1", "3601", "1.5"}) {
            PinStepConfig config = new PinStepConfig(Map.of("applicationId", APP, "smsTemplateId", SMS, "resendCooldownSeconds", bad));

            assertThat(config.resendCooldownSeconds()).as(bad).isEqualTo(30);
            assertThat(config.problems()).as(bad).containsExactly("resendCooldownSeconds must be a whole number from 0 to 3600");
        }
        assertThat(new PinStepConfig(Map.of("resendCooldownSeconds", "0")).resendCooldownSeconds()).isZero();
    }

    @Test
    void email_is_offered_only_with_an_email_template() {
        Map<String, String> values = new HashMap<>(Map.of("applicationId", APP, "smsTemplateId", SMS, "allowEmail", "true"));
        PinStepConfig config = new PinStepConfig(values);

        assertThat(config.allowEmail()).isFalse();
        assertThat(config.problems()).containsExactly("allowEmail needs emailTemplateId");
    }

    @Test
    void blank_values_count_as_missing() {
        PinStepConfig config = new PinStepConfig(Map.of("applicationId", "  ", "askToEnrol", " "));

        assertThat(config.applicationId()).isNull();
        assertThat(config.askToEnrol()).isTrue();
    }

    @Test
    void the_admin_console_lists_every_setting_with_its_default() {
        assertThat(PinStepConfig.PROPERTIES).extracting(ProviderConfigProperty::getName).containsExactly(
                "applicationId", "smsTemplateId", "emailTemplateId", "resendCooldownSeconds", "allowVoice", "allowEmail", "askToEnrol", "allowPinsBelowAsvs");
        assertThat(PinStepConfig.PROPERTIES).filteredOn(p -> p.getName().equals("askToEnrol"))
                .extracting(ProviderConfigProperty::getDefaultValue).containsExactly(true);
    }
}
