package io.github.keycloakpin2fa.service;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keycloak.models.RealmModel;

class EmailSendersTest {

    private final RealmModel realm = mock(RealmModel.class);

    @Test
    void the_realms_smtp_sender_the_templates_and_the_listed_ones_are_allowed_in_any_case() {
        when(realm.getSmtpConfig()).thenReturn(Map.of("from", "noreply@example.org"));
        when(realm.getAttribute(EmailSenders.ALLOWED_ATTRIBUTE)).thenReturn(" billing@example.org , Support@Example.org");
        EmailSenders senders = new EmailSenders(realm);

        assertThatCode(() -> senders.requireAllowed("NoReply@example.org", null)).doesNotThrowAnyException();
        assertThatCode(() -> senders.requireAllowed("support@example.org", null)).doesNotThrowAnyException();
        assertThatCode(() -> senders.requireAllowed("2fa@example.org", "2fa@example.org")).doesNotThrowAnyException();
    }

    @Test
    void any_other_sender_is_a_bad_request_naming_from() {
        when(realm.getSmtpConfig()).thenReturn(Map.of());
        EmailSenders senders = new EmailSenders(realm);

        assertThatThrownBy(() -> senders.requireAllowed("ceo@bank.example", "2fa@example.org"))
                .isInstanceOfSatisfying(TfaException.class, e -> org.assertj.core.api.Assertions
                        .assertThat(e.validationErrors().asMap()).containsKey("from"));
    }
}
