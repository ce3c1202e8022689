package io.github.keycloakpin2fa.login;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.RETURNS_SELF;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import org.junit.jupiter.api.Test;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;

/** Which enrolment outcomes leave an {@code UPDATE_CREDENTIAL_ERROR} event. */
class EnrolmentTroubleTest {

    private final RequiredActionContext context = mock(RequiredActionContext.class);
    private final EventBuilder event = mock(EventBuilder.class, RETURNS_SELF);

    EnrolmentTroubleTest() {
        EventBuilder original = mock(EventBuilder.class);
        when(context.getEvent()).thenReturn(original);
        when(original.clone()).thenReturn(event);
    }

    @Test
    void the_same_pin_sent_again_is_no_error() {
        PhoneEnrolmentAction.recordTrouble(context, Outcome.resent(true));
        PhoneEnrolmentAction.recordTrouble(context, Outcome.resent(false));

        verify(event, never()).error(any());
    }

    @Test
    void a_refused_resend_is_an_error_event_with_its_reason() {
        PhoneEnrolmentAction.recordTrouble(context, Outcome.cooldown(20L));

        verify(event).event(EventType.UPDATE_CREDENTIAL);
        verify(event).detail(anyString(), org.mockito.ArgumentMatchers.eq(PinMessages.COOLDOWN));
        verify(event).error("pin_resend_cooldown");
    }
}
