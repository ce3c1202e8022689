package io.github.keycloakpin2fa.delivery.email;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.keycloakpin2fa.delivery.OutgoingMessage.EmailSettings;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which content an email template's id chooses, and how the request's placeholders fill it. */
class EmailContentTest {

    private final Properties messages = new Properties();

    EmailContentTest() {
        messages.setProperty("pin2faEmailSubject", "Your verification PIN for {0}");
    }

    private EmailContent choose(long id, Map<String, String> placeholders, Set<String> themeTemplates) {
        return EmailContent.choose(messages, themeTemplates::contains, new EmailSettings(id, placeholders), "482193", "Shop",
                Locale.ENGLISH);
    }

    @Test
    void without_content_for_its_id_the_default_templates_and_subject_are_used() {
        EmailContent content = choose(1, Map.of("name", "Ana"), Set.of());

        assertThat(content).isEqualTo(new EmailContent("Your verification PIN for Shop", "pin-2fa-email.ftl", null));
    }

    @Test
    void a_text_for_the_id_is_filled_with_the_pin_and_the_placeholders_like_an_sms() {
        messages.setProperty("pin2faEmailSubject.7", "{{shop}}: your code");
        messages.setProperty("pin2faEmailText.7", "Hello {{name}}, it's {{pin}} for {{shop}}.");

        EmailContent content = choose(7, Map.of("name", "Ana", "shop", "Books"), Set.of());

        assertThat(content.subject()).isEqualTo("Books: your code");
        assertThat(content.template()).isEqualTo("pin-2fa-email.ftl");
        assertThat(content.body()).as("no MessageFormat: the apostrophe stays").isEqualTo("Hello Ana, it's 482193 for Books.");
    }

    @Test
    void two_ids_choose_two_different_contents() {
        messages.setProperty("pin2faEmailText.7", "Login code {{pin}}");
        messages.setProperty("pin2faEmailText.8", "Order {{order}}: code {{pin}}");

        assertThat(choose(7, Map.of(), Set.of()).body()).isEqualTo("Login code 482193");
        assertThat(choose(8, Map.of("order", "A-17"), Set.of()).body()).isEqualTo("Order A-17: code 482193");
    }

    @Test
    void a_text_without_the_pin_is_not_used_so_the_pin_always_arrives() {
        messages.setProperty("pin2faEmailText.7", "Hello {{name}}");

        assertThat(choose(7, Map.of("name", "Ana"), Set.of()).body()).isNull();
    }

    @Test
    void the_themes_own_templates_for_the_id_win_over_a_text() {
        messages.setProperty("pin2faEmailText.9", "ignored {{pin}}");

        EmailContent content = choose(9, Map.of(), Set.of("text/pin-2fa-email-9.ftl"));

        assertThat(content.template()).isEqualTo("pin-2fa-email-9.ftl");
        assertThat(content.body()).isNull();
    }

    @Test
    void toString_never_shows_the_body() {
        messages.setProperty("pin2faEmailText.7", "Code {{pin}}");

        assertThat(choose(7, Map.of(), Set.of()).toString()).doesNotContain("482193");
    }
}
