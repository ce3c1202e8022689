package io.github.keycloakpin2fa.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.keycloakpin2fa.engine.validation.ValidationErrors;
import io.github.keycloakpin2fa.service.Refusal;
import io.github.keycloakpin2fa.service.Refusal.RateLimited;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each refusal of the PIN service has exactly one answer in Infobip's terms. */
class ApiRefusalsTest {

    @Test
    void invalid_input_is_a_400_naming_the_fields() {
        ApiException e = ApiRefusals.answer(new Refusal.InvalidInput(ValidationErrors.of("to", "may not be null")));

        assertThat(e.error().status()).isEqualTo(400);
        assertThat(e.error().messageId()).isEqualTo("BAD_REQUEST");
        assertThat(e.validationErrors().asMap()).isEqualTo(Map.of("to", List.of("may not be null")));
    }

    @Test
    void a_destination_the_application_blocks_is_a_400_naming_to() {
        ApiException e = ApiRefusals.answer(new Refusal.DestinationBlocked(
                io.github.keycloakpin2fa.engine.guard.SendRefusal.Reason.COUNTRY_NOT_ALLOWED));

        assertThat(e.error().status()).isEqualTo(400);
        assertThat(e.validationErrors().asMap()).isEqualTo(Map.of("to",
                List.of(io.github.keycloakpin2fa.engine.guard.SendRefusal.Reason.COUNTRY_NOT_ALLOWED.text())));
    }

    @Test
    void any_spent_send_budget_is_a_429_with_its_wait() {
        ApiException e = ApiRefusals.answer(new Refusal.RateLimited(java.time.Duration.ofSeconds(30),
                Refusal.RateLimited.Limit.SEND_GUARD));

        assertThat(e.error().status()).isEqualTo(429);
        assertThat(e.retryAfter()).isEqualTo(java.time.Duration.ofSeconds(30));
    }

    @Test
    void an_unknown_application_is_infobips_application_not_found() {
        ApiException e = ApiRefusals.answer(new Refusal.ApplicationNotFound("app-1"));

        assertThat(e.error().status()).isEqualTo(404);
        assertThat(e.error().messageId()).isEqualTo("APPLICATION_NOT_FOUND");
        assertThat(e.getMessage()).isEqualTo("Application with given id cannot be found.");
    }

    @Test
    void an_unknown_template_or_pin_is_a_404() {
        ApiException template = ApiRefusals.answer(new Refusal.TemplateNotFound("app-1", "msg-1"));
        ApiException pin = ApiRefusals.answer(new Refusal.PinNotFound("pin-1"));

        assertThat(template.error().status()).isEqualTo(404);
        assertThat(template.error().messageId()).isEqualTo("NOT_FOUND");
        assertThat(template.getMessage()).isEqualTo("Message template with given id cannot be found.");
        assertThat(pin.error().status()).isEqualTo(404);
        assertThat(pin.getMessage()).isEqualTo("PIN with given id cannot be found.");
    }

    @Test
    void a_disabled_application_is_a_400_without_fields() {
        ApiException e = ApiRefusals.answer(new Refusal.ApplicationDisabled("app-1"));

        assertThat(e.error().status()).isEqualTo(400);
        assertThat(e.validationErrors()).isNull();
        assertThat(e.getMessage()).contains("app-1").contains("disabled");
    }

    @Test
    void a_pin_gone_is_a_400_naming_the_pin_id() {
        ApiException e = ApiRefusals.answer(new Refusal.PinGone("pin-1"));

        assertThat(e.error().status()).isEqualTo(400);
        assertThat(e.validationErrors().asMap()).containsOnlyKeys("pinId");
        assertThat(e.validationErrors().asMap().get("pinId")).containsExactly(ApiRefusals.PIN_GONE);
    }

    @Test
    void a_limit_is_a_429_with_the_time_to_wait() {
        ApiException send = ApiRefusals.answer(new RateLimited(Duration.ofSeconds(42), RateLimited.Limit.SEND_PER_DESTINATION));
        ApiException verify = ApiRefusals.answer(new RateLimited(Duration.ofMinutes(3), RateLimited.Limit.VERIFY));

        assertThat(send.error().status()).isEqualTo(429);
        assertThat(send.error().messageId()).isEqualTo("TOO_MANY_REQUESTS");
        assertThat(send.retryAfter()).isEqualTo(Duration.ofSeconds(42));
        assertThat(verify.retryAfter()).isEqualTo(Duration.ofMinutes(3));
    }

    @Test
    void a_server_set_up_problem_is_a_general_error_saying_what() {
        ApiException e = ApiRefusals.answer(new Refusal.ServerMisconfigured("no key"));

        assertThat(e.error().status()).isEqualTo(500);
        assertThat(e.error().messageId()).isEqualTo("GENERAL_ERROR");
        assertThat(e.getMessage()).isEqualTo("no key");
    }
}
