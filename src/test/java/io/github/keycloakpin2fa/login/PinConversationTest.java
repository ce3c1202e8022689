package io.github.keycloakpin2fa.login;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import io.github.keycloakpin2fa.delivery.Channel;
import io.github.keycloakpin2fa.delivery.DeliveryResult;
import io.github.keycloakpin2fa.engine.destination.PhoneNumber;
import io.github.keycloakpin2fa.engine.guard.SendPurpose;
import io.github.keycloakpin2fa.engine.verification.PinError;
import io.github.keycloakpin2fa.engine.verification.VerificationResult;
import io.github.keycloakpin2fa.login.Outcome.Kind;
import io.github.keycloakpin2fa.login.PinNotes.State;
import io.github.keycloakpin2fa.service.PinService;
import io.github.keycloakpin2fa.storage.cache.SessionPins;
import io.github.keycloakpin2fa.service.SendOrigin;
import io.github.keycloakpin2fa.service.PinService.SendCommand;
import io.github.keycloakpin2fa.service.PinService.SendOutcome;
import io.github.keycloakpin2fa.service.PinService.VerifyOutcome;
import io.github.keycloakpin2fa.service.Refusal;
import io.github.keycloakpin2fa.service.Refusal.RateLimited;
import io.github.keycloakpin2fa.service.RefusedException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/** The login's exchange with the PIN service: what each answer does to the session's notes and the page. */
class PinConversationTest {

    private static final SendOrigin ORIGIN = new SendOrigin(SendPurpose.LOGIN, "user-1", "session-1", "192.0.2.1");

    private static final String PREFIX = "test.";
    private static final PhoneNumber PHONE = new PhoneNumber("41793026727");
    private static final PinConversation.Route ROUTE = new PinConversation.Route("app-1", "sms-1", "email-1");

    private final PinService service = mock(PinService.class);
    private final SessionPins pins = mock(SessionPins.class);
    private final AuthNotes auth = new AuthNotes();
    private final PinConversation conversation = new PinConversation(service, "realm", auth.session, PREFIX, ROUTE, ORIGIN, pins);

    private static SendOutcome sent(String pinId, DeliveryResult delivery) {
        return new SendOutcome(pinId, PHONE, null, Channel.SMS, delivery);
    }

    @Test
    void a_sent_pin_is_remembered_in_the_session() {
        when(service.send(any(), eq(ORIGIN), eq(pins))).thenReturn(sent("pin-1", DeliveryResult.accepted("v-1")));

        Outcome outcome = conversation.send(Channel.SMS, PHONE);

        assertThat(outcome.kind()).isEqualTo(Kind.SENT);
        PinNotes notes = conversation.current();
        assertThat(notes.pinId()).isEqualTo("pin-1");
        assertThat(notes.destination()).isEqualTo(PHONE);
        assertThat(notes.state()).isEqualTo(State.LIVE);
        assertThat(notes.sentAt()).isPositive();
        ArgumentCaptor<SendCommand> command = ArgumentCaptor.forClass(SendCommand.class);
        verify(service).send(command.capture(), eq(ORIGIN), eq(pins));
        assertThat(command.getValue().to()).isEqualTo("41793026727");
        assertThat(command.getValue().applicationId()).isEqualTo("app-1");
        assertThat(command.getValue().messageId()).isEqualTo("sms-1");
    }

    @Test
    void a_failed_delivery_is_remembered_without_a_send_time() {
        when(service.send(any(), eq(ORIGIN), eq(pins))).thenReturn(sent("pin-1", DeliveryResult.rejected("HTTP 500")));

        Outcome outcome = conversation.send(Channel.SMS, PHONE);

        assertThat(outcome.kind()).isEqualTo(Kind.DELIVERY_FAILED);
        assertThat(conversation.current().sentAt()).isZero();
    }

    @Test
    void a_refused_send_remembers_nothing_and_says_why() {
        when(service.send(any(), eq(ORIGIN), eq(pins))).thenThrow(new RefusedException(new RateLimited(Duration.ofMinutes(5), RateLimited.Limit.SEND_PER_DESTINATION)));

        Outcome outcome = conversation.send(Channel.SMS, PHONE);

        assertThat(outcome.messageKey()).isEqualTo(PinMessages.SEND_LIMITED);
        assertThat(outcome.params()).containsExactly(5L);
        assertThat(conversation.current()).isNull();
    }

    @Test
    void no_resend_while_the_cooldown_runs() {
        new PinNotes("pin-1", PHONE, Channel.SMS, PinConversation.now(), State.LIVE).write(auth.session, PREFIX);

        Outcome outcome = conversation.resend(conversation.current(), Channel.SMS, 30);

        assertThat(outcome.messageKey()).isEqualTo(PinMessages.COOLDOWN);
        assertThat(outcome.eventError()).isEqualTo("pin_resend_cooldown");
        verifyNoInteractions(service);
    }

    @Test
    void a_resend_of_a_pin_gone_meanwhile_sends_a_new_one() {
        new PinNotes("pin-1", PHONE, Channel.SMS, 1, State.LIVE).write(auth.session, PREFIX);
        when(service.resend(eq("pin-1"), eq(Channel.SMS), eq(ORIGIN), eq(pins))).thenThrow(new RefusedException(new Refusal.PinGone("pin-1")));
        when(service.send(any(), eq(ORIGIN), eq(pins))).thenReturn(sent("pin-2", DeliveryResult.accepted("v-2")));

        Outcome outcome = conversation.resend(conversation.current(), Channel.SMS, 30);

        assertThat(outcome.kind()).isEqualTo(Kind.SENT);
        assertThat(conversation.current().pinId()).isEqualTo("pin-2");
    }

    @Test
    void an_expired_pin_is_replaced_not_resent() {
        new PinNotes("pin-1", PHONE, Channel.SMS, 1, State.EXPIRED).write(auth.session, PREFIX);
        when(service.send(any(), eq(ORIGIN), eq(pins))).thenReturn(sent("pin-2", DeliveryResult.accepted("v-2")));

        conversation.resend(conversation.current(), Channel.VOICE, 30);

        verify(service, never()).resend(anyString(), any(), eq(ORIGIN), eq(pins));
        assertThat(conversation.current().pinId()).isEqualTo("pin-2");
    }

    @Test
    void nothing_typed_is_not_sent_to_the_service() {
        new PinNotes("pin-1", PHONE, Channel.SMS, 1, State.LIVE).write(auth.session, PREFIX);

        assertThat(conversation.verify(conversation.current(), "  ").kind()).isEqualTo(Kind.PIN_MISSING);
        verifyNoInteractions(service);
    }

    @Test
    void the_right_pin_verifies_and_forgets_the_pin() {
        new PinNotes("pin-1", PHONE, Channel.SMS, 1, State.LIVE).write(auth.session, PREFIX);
        when(service.verify("pin-1", "123456", pins)).thenReturn(new VerifyOutcome("pin-1", PHONE, VerificationResult.success(3)));

        assertThat(conversation.verify(conversation.current(), "123456").kind()).isEqualTo(Kind.VERIFIED);
        assertThat(conversation.current()).isNull();
        verify(pins).clear(); // the hash and the sealed PIN leave the session too
    }

    @Test
    void the_last_wrong_pin_uses_the_pin_up() {
        new PinNotes("pin-1", PHONE, Channel.SMS, 1, State.LIVE).write(auth.session, PREFIX);
        when(service.verify("pin-1", "000000", pins))
                .thenReturn(new VerifyOutcome("pin-1", PHONE, VerificationResult.failure(PinError.WRONG_PIN, 0)));

        Outcome outcome = conversation.verify(conversation.current(), "000000");

        assertThat(outcome.kind()).isEqualTo(Kind.WRONG_PIN);
        assertThat(outcome.attemptsRemaining()).isZero();
        assertThat(conversation.current().state()).isEqualTo(State.USED_UP);
        assertThat(conversation.verify(conversation.current(), "123456").kind()).isEqualTo(Kind.NO_MORE_ATTEMPTS);
    }

    @Test
    void an_expired_pin_is_remembered_as_expired() {
        new PinNotes("pin-1", PHONE, Channel.SMS, 1, State.LIVE).write(auth.session, PREFIX);
        when(service.verify("pin-1", "123456", pins))
                .thenReturn(new VerifyOutcome("pin-1", PHONE, VerificationResult.failure(PinError.TTL_EXPIRED, 3)));

        assertThat(conversation.verify(conversation.current(), "123456").kind()).isEqualTo(Kind.EXPIRED);
        assertThat(conversation.current().state()).isEqualTo(State.EXPIRED);
    }

    @Test
    void a_purged_pin_reads_as_expired() {
        new PinNotes("pin-1", PHONE, Channel.SMS, 1, State.LIVE).write(auth.session, PREFIX);
        when(service.verify("pin-1", "123456", pins)).thenThrow(new RefusedException(new Refusal.PinNotFound("pin-1")));

        assertThat(conversation.verify(conversation.current(), "123456").kind()).isEqualTo(Kind.EXPIRED);
        assertThat(conversation.current().state()).isEqualTo(State.EXPIRED);
    }

    @Test
    void a_verify_limit_keeps_the_pin_live() {
        new PinNotes("pin-1", PHONE, Channel.SMS, 1, State.LIVE).write(auth.session, PREFIX);
        when(service.verify("pin-1", "123456", pins))
                .thenThrow(new RefusedException(new RateLimited(Duration.ofSeconds(20), RateLimited.Limit.VERIFY)));

        Outcome outcome = conversation.verify(conversation.current(), "123456");

        assertThat(outcome.messageKey()).isEqualTo(PinMessages.VERIFY_LIMITED);
        assertThat(outcome.params()).containsExactly(20L);
        assertThat(conversation.current().state()).isEqualTo(State.LIVE);
    }
}
