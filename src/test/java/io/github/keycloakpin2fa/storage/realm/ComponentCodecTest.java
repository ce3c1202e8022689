package io.github.keycloakpin2fa.storage.realm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.keycloakpin2fa.engine.application.Application;
import io.github.keycloakpin2fa.engine.application.ApplicationDraft;
import io.github.keycloakpin2fa.engine.application.ApplicationValidator;
import io.github.keycloakpin2fa.engine.application.ConfigurationDraft;
import io.github.keycloakpin2fa.engine.template.EmailTemplate;
import io.github.keycloakpin2fa.engine.template.EmailTemplateDraft;
import io.github.keycloakpin2fa.engine.template.EmailTemplateValidator;
import io.github.keycloakpin2fa.engine.template.MessageTemplate;
import io.github.keycloakpin2fa.engine.template.MessageTemplateDraft;
import io.github.keycloakpin2fa.engine.template.MessageTemplateValidator;
import io.github.keycloakpin2fa.engine.validation.ValidationException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.keycloak.component.ComponentModel;

/** Applications, templates and API keys survive the trip through a realm component unchanged. */
class ComponentCodecTest {

    @Test
    void an_application_reads_back_as_written() {
        Application app = ApplicationValidator.validate(new ApplicationDraft("Signup", false,
                new ConfigurationDraft(7, true, "15m", "3/2s", "20/1h", "4/1d")));
        ComponentModel m = new ComponentModel();

        ComponentCodec.write(m, app);

        assertThat(ComponentCodec.application(m)).isEqualTo(app);
        assertThat(m.get("pinTimeToLive")).isEqualTo("15m");
    }

    @Test
    void a_message_template_with_voice_and_india_dlt_settings_reads_back_as_written() {
        MessageTemplate t = MessageTemplateValidator.validate(new MessageTemplateDraft("ALPHANUMERIC", 8, "Code {{pin}}", "ACME",
                "de", "Hans", "1#", 0.8, new MessageTemplateDraft.RegionalDraft(
                        new MessageTemplateDraft.IndiaDltDraft("pe-1", "ct-1", "tm-1"))));
        ComponentModel m = new ComponentModel();

        ComponentCodec.write(m, t);

        assertThat(ComponentCodec.messageTemplate(m)).isEqualTo(t);
    }

    @Test
    void fields_set_to_nothing_are_removed_not_kept() {
        ComponentModel m = new ComponentModel();
        ComponentCodec.write(m, MessageTemplateValidator.validate(new MessageTemplateDraft("NUMERIC", 6, "{{pin}}", "ACME",
                "en", "Joanna", null, null, null)));
        MessageTemplate plain = MessageTemplateValidator.validate(new MessageTemplateDraft("NUMERIC", 6, "{{pin}}", null,
                null, null, null, null, null));

        ComponentCodec.write(m, plain);

        assertThat(m.getConfig()).doesNotContainKeys("senderId", "voiceName", "language");
        assertThat(ComponentCodec.messageTemplate(m)).isEqualTo(plain);
    }

    @Test
    void an_email_template_reads_back_as_written() {
        EmailTemplate t = EmailTemplateValidator.validate(new EmailTemplateDraft(1234L, "Acme <noreply@acme.example>", null, 6,
                "NUMERIC"));
        ComponentModel m = new ComponentModel();

        ComponentCodec.write(m, t);

        assertThat(ComponentCodec.emailTemplate(m)).isEqualTo(t);
    }

    @Test
    void a_number_that_is_not_one_names_its_field() {
        ComponentModel m = new ComponentModel();
        m.setName("Signup");
        m.put("pinAttempts", "many");

        assertThatThrownBy(() -> ComponentCodec.application(m)).isInstanceOf(ValidationException.class)
                .satisfies(e -> assertThat(((ValidationException) e).errors().asMap()).containsKey("configuration.pinAttempts"));
    }

    @Test
    void an_api_key_needs_a_name_a_hash_and_known_scopes() {
        ComponentModel m = new ComponentModel();
        m.setId("k-1");
        m.setName("billing");
        m.put(ComponentCodec.SECRET_HASH, "hash");
        m.getConfig().put(ComponentCodec.SCOPES, List.of("2fa:pin:send"));
        m.put(ComponentCodec.CREATED_AT, 42L);

        StoredApiKey key = ComponentCodec.apiKey(m);

        assertThat(key.scopes()).containsExactly("2fa:pin:send");
        assertThat(key.createdAt()).isEqualTo(42L);
        m.getConfig().put(ComponentCodec.SCOPES, List.of("2fa:everything"));
        assertThatThrownBy(() -> ComponentCodec.apiKey(m)).isInstanceOf(ValidationException.class);
        m.getConfig().put(ComponentCodec.SCOPES, List.of("2fa:manage"));
        m.getConfig().remove(ComponentCodec.SECRET_HASH);
        assertThatThrownBy(() -> ComponentCodec.apiKey(m)).isInstanceOf(ValidationException.class);
    }
}
