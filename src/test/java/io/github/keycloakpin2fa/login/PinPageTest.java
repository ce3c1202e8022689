package io.github.keycloakpin2fa.login;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.RETURNS_SELF;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import io.github.keycloakpin2fa.delivery.Channel;
import io.github.keycloakpin2fa.engine.destination.EmailAddress;
import io.github.keycloakpin2fa.engine.destination.PhoneNumber;
import io.github.keycloakpin2fa.login.PinNotes.State;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.FormMessage;
import org.mockito.ArgumentCaptor;

/** The PIN page's model: what it shows and offers for each state of the login's PIN. */
class PinPageTest {

    private static final PhoneNumber PHONE = new PhoneNumber("41791234527");
    private static final PinConversation.Route ROUTE = new PinConversation.Route("app-1", "sms-1", "email-1");
    private static final PinPage.Offers VOICE_AND_EMAIL = new PinPage.Offers(true, true, "d•••@example.org", 30);

    private final LoginFormsProvider form = mock(LoginFormsProvider.class, RETURNS_SELF);
    private final RealmModel realm = mock(RealmModel.class);

    @SuppressWarnings("unchecked")
    private Map<String, Object> model(PinNotes notes, PinPage.Offers offers, Outcome outcome) {
        PinPage.fill(form, realm, ROUTE, notes, offers, outcome);
        ArgumentCaptor<Object> pin = ArgumentCaptor.forClass(Object.class);
        verify(form).setAttribute(eq("pin"), pin.capture());
        return (Map<String, Object>) pin.getValue();
    }

    @Test
    void a_live_pin_by_sms_shows_the_masked_number_and_offers_the_other_channels() {
        Map<String, Object> pin = model(new PinNotes("p", PHONE, Channel.SMS, 1, State.LIVE), VOICE_AND_EMAIL, null);

        assertThat(pin).containsEntry("channel", "SMS").containsEntry("sentTo", "+41 ••• ••• 27")
                .containsEntry("delivered", true).containsEntry("canVerify", true).containsEntry("inputMode", "numeric")
                .containsEntry("offerVoice", true).containsEntry("offerSms", false).containsEntry("offerEmail", true)
                .containsEntry("maskedEmail", "d•••@example.org").containsEntry("startOver", false);
    }

    @Test
    void a_pin_by_email_shows_the_masked_address() {
        Map<String, Object> pin = model(new PinNotes("p", new EmailAddress("demo@example.org"), Channel.EMAIL, 1, State.LIVE),
                VOICE_AND_EMAIL, null);

        assertThat(pin).containsEntry("sentTo", "d•••@example.org").containsEntry("offerEmail", false).containsEntry("offerSms", true);
    }

    @Test
    void a_failed_delivery_says_so_even_on_reload_and_the_pin_cannot_be_entered() {
        Map<String, Object> pin = model(new PinNotes("p", PHONE, Channel.SMS, 0, State.LIVE), VOICE_AND_EMAIL, null);

        assertThat(pin).containsEntry("delivered", false).containsEntry("canVerify", false).containsEntry("canResend", true);
        verify(form).setError(PinMessages.DELIVERY_FAILED);
    }

    @Test
    void a_used_up_pin_offers_only_to_start_over() {
        Map<String, Object> pin = model(new PinNotes("p", PHONE, Channel.SMS, 1, State.USED_UP), VOICE_AND_EMAIL,
                Outcome.wrongPin(0));

        assertThat(pin).containsEntry("startOver", true).containsEntry("canResend", false).containsEntry("canVerify", false)
                .containsEntry("offerVoice", false).containsEntry("offerEmail", false);
        verify(form).setError(PinMessages.WRONG_PIN, 0);
        verify(form, never()).addError(any(FormMessage.class));
    }

    @Test
    void a_wrong_pin_with_attempts_left_is_shown_at_the_field() {
        model(new PinNotes("p", PHONE, Channel.SMS, 1, State.LIVE), VOICE_AND_EMAIL, Outcome.wrongPin(2));

        ArgumentCaptor<FormMessage> message = ArgumentCaptor.forClass(FormMessage.class);
        verify(form).addError(message.capture());
        assertThat(message.getValue().getField()).isEqualTo(PinPage.PIN_FIELD);
        assertThat(message.getValue().getParameters()).containsExactly(2);
    }

    @Test
    void a_new_pin_is_announced_and_refusals_shown_above_the_form() {
        model(new PinNotes("p", PHONE, Channel.VOICE, 1, State.LIVE), new PinPage.Offers(false, false, null, 0), Outcome.sent());
        verify(form).setInfo(PinMessages.NEW_PIN_SENT);

        LoginFormsProvider other = mock(LoginFormsProvider.class, RETURNS_SELF);
        PinPage.fill(other, realm, ROUTE, null, VOICE_AND_EMAIL, Outcome.notConfigured());
        verify(other).setError(PinMessages.NOT_CONFIGURED);
    }

    @Test
    void an_unreadable_email_is_only_the_mask() {
        assertThat(PinPage.maskedEmail("not an address")).isEqualTo(PinPage.HIDDEN);
        assertThat(PinPage.maskedEmail(null)).isEqualTo(PinPage.HIDDEN);
        assertThat(PinPage.maskedEmail("demo@example.org")).isEqualTo("d•••@example.org");
    }
}
