package io.github.keycloakpin2fa.login;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PinAuthenticatorTest {

    @Test
    void a_form_posted_without_its_button_is_a_verify() {
        assertThat(PinAuthenticator.sendAction(null)).isNull();
    }

    @Test
    void an_unknown_action_is_a_verify() {
        assertThat(PinAuthenticator.sendAction("")).isNull();
        assertThat(PinAuthenticator.sendAction("verify")).isNull();
        assertThat(PinAuthenticator.sendAction("RESEND")).isNull();
    }

    @Test
    void the_buttons_that_send_are_sends() {
        assertThat(PinAuthenticator.sendAction("resend")).isEqualTo("resend");
        assertThat(PinAuthenticator.sendAction("sms")).isEqualTo("sms");
        assertThat(PinAuthenticator.sendAction("voice")).isEqualTo("voice");
        assertThat(PinAuthenticator.sendAction("email")).isEqualTo("email");
    }
}
