package io.github.keycloakpin2fa.login;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.keycloakpin2fa.service.StepTargets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keycloak.provider.ProviderConfigProperty;

class PinStepConfigTest {

    private static final String APP = "DE000000000000000000000000000001";
    private static final String SMS = "DE000000000000000000000000000002";

    @Test
    void missing_config_is_usable_and_names_no_application_so_the_realm_default_is_used() {
        PinStepConfig config = new PinStepConfig(null);

        assertThat(config.resendCooldownSeconds()).isEqualTo(30);
        assertThat(config.allowVoice()).isFalse();
        assertThat(config.allowEmail()).isFalse();
        assertThat(config.askToEnrol()).isTrue();
        assertThat(config.problems()).isEmpty();
        assertThat(config.targets()).isEqualTo(StepTargets.Choice.none());
    }

    @Test
    void application_and_templates_are_picked_by_name() {
        PinStepConfig config = new PinStepConfig(Map.of("application", " Shop login ", "smsTemplate", "Short text",
                "emailTemplate", "Mail"));

        assertThat(config.targets()).isEqualTo(new StepTargets.Choice(null, "Shop login", null, "Short text", null, "Mail"));
        assertThat(config.problems()).isEmpty();
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
    void email_may_be_allowed_without_naming_a_template_the_applications_first_is_used() {
        Map<String, String> values = new HashMap<>(Map.of("applicationId", APP, "smsTemplateId", SMS, "allowEmail", "true"));
        PinStepConfig config = new PinStepConfig(values);

        assertThat(config.allowEmail()).isTrue();
        assertThat(config.targets().emailTemplateId()).isNull();
        assertThat(config.problems()).isEmpty();
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
                "application", "smsTemplate", "emailTemplate", "resendCooldownSeconds", "allowVoice", "allowEmail", "askToEnrol",
                "allowPinsBelowAsvs");
        assertThat(PinStepConfig.PROPERTIES).filteredOn(p -> p.getName().equals("askToEnrol"))
                .extracting(ProviderConfigProperty::getDefaultValue).containsExactly(true);
    }
}
