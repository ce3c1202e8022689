package io.github.keycloakpin2fa.login;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.keycloakpin2fa.engine.validation.ValidationErrors;
import io.github.keycloakpin2fa.login.Outcome.Kind;
import io.github.keycloakpin2fa.service.Refusal;
import io.github.keycloakpin2fa.service.Refusal.RateLimited;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.keycloak.events.Errors;

/** Each refusal of the PIN service has exactly one page message and one login event error. */
class LoginRefusalsTest {

    @Test
    void a_send_limit_says_in_whole_minutes_when_to_try_again() {
        Outcome outcome = LoginRefusals.outcome(new RateLimited(Duration.ofSeconds(91), RateLimited.Limit.SEND_PER_DESTINATION));

        assertThat(outcome.kind()).isEqualTo(Kind.REFUSED);
        assertThat(outcome.messageKey()).isEqualTo(PinMessages.SEND_LIMITED);
        assertThat(outcome.params()).containsExactly(2L);
        assertThat(outcome.eventError()).isEqualTo("pin_send_limited");
    }

    @Test
    void a_short_wait_for_any_send_budget_is_said_in_seconds() {
        Outcome outcome = LoginRefusals.outcome(new RateLimited(Duration.ofMillis(29_100), RateLimited.Limit.SEND_GUARD));

        assertThat(outcome.messageKey()).isEqualTo(PinMessages.COOLDOWN);
        assertThat(outcome.params()).containsExactly(30L);
        assertThat(outcome.eventError()).isEqualTo("pin_resend_cooldown");
    }

    @Test
    void a_wait_of_hours_is_said_in_hours() {
        Outcome outcome = LoginRefusals.outcome(new RateLimited(Duration.ofHours(20), RateLimited.Limit.SEND_GUARD));

        assertThat(outcome.messageKey()).isEqualTo(PinMessages.SEND_LIMITED_HOURS);
        assertThat(outcome.params()).containsExactly(20L);
        assertThat(outcome.eventError()).isEqualTo("pin_send_limited");
    }

    @Test
    void a_blocked_destination_has_its_own_message_and_event() {
        Outcome outcome = LoginRefusals.outcome(new Refusal.DestinationBlocked(
                io.github.keycloakpin2fa.engine.guard.SendRefusal.Reason.NUMBER_TYPE_BLOCKED));

        assertThat(outcome.messageKey()).isEqualTo(PinMessages.DESTINATION_BLOCKED);
        assertThat(outcome.eventError()).isEqualTo("pin_destination_blocked");
    }

    @Test
    void a_verify_limit_says_in_seconds_when_to_try_again() {
        Outcome outcome = LoginRefusals.outcome(new RateLimited(Duration.ofMillis(200), RateLimited.Limit.VERIFY));

        assertThat(outcome.messageKey()).isEqualTo(PinMessages.VERIFY_LIMITED);
        assertThat(outcome.params()).containsExactly(1L);
        assertThat(outcome.eventError()).isEqualTo("pin_verify_limited");
    }

    @Test
    void a_disabled_application_shows_the_step_as_unavailable() {
        Outcome outcome = LoginRefusals.outcome(new Refusal.ApplicationDisabled("app"));

        assertThat(outcome.messageKey()).isEqualTo(PinMessages.UNAVAILABLE);
        assertThat(outcome.eventError()).isEqualTo("pin_application_disabled");
    }

    @Test
    void a_pin_gone_or_purged_is_expired_for_the_user() {
        for (Refusal refusal : new Refusal[] {new Refusal.PinGone("p"), new Refusal.PinNotFound("p")}) {
            Outcome outcome = LoginRefusals.outcome(refusal);

            assertThat(outcome.kind()).as(refusal.toString()).isEqualTo(Kind.EXPIRED);
            assertThat(outcome.messageKey()).isEqualTo(PinMessages.EXPIRED);
            assertThat(outcome.eventError()).isEqualTo(Errors.EXPIRED_CODE);
        }
    }

    @Test
    void set_up_problems_show_the_step_as_not_configured() {
        Refusal[] setUp = {new Refusal.ApplicationNotFound("a"), new Refusal.TemplateNotFound("a", "m"),
            new Refusal.InvalidInput(ValidationErrors.of("to", "bad")), new Refusal.ServerMisconfigured("no key")};
        for (Refusal refusal : setUp) {
            Outcome outcome = LoginRefusals.outcome(refusal);

            assertThat(outcome.messageKey()).as(refusal.toString()).isEqualTo(PinMessages.NOT_CONFIGURED);
            assertThat(outcome.eventError()).isEqualTo("pin_not_configured");
        }
    }

    @Test
    void wrong_pins_are_keycloaks_invalid_credentials() {
        assertThat(Outcome.wrongPin(2).eventError()).isEqualTo(Errors.INVALID_USER_CREDENTIALS);
        assertThat(Outcome.wrongPin(2).params()).containsExactly(2);
        assertThat(Outcome.noMoreAttempts().eventError()).isEqualTo(Errors.INVALID_USER_CREDENTIALS);
        assertThat(Outcome.deliveryFailed().eventError()).isEqualTo("pin_delivery_failed");
        assertThat(Outcome.sent().eventError()).isNull();
        assertThat(Outcome.verified().eventError()).isNull();
    }
}
