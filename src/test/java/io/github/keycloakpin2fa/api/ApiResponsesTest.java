package io.github.keycloakpin2fa.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.keycloakpin2fa.engine.validation.ValidationException;
import io.github.keycloakpin2fa.service.Refusal.RateLimited;
import io.github.keycloakpin2fa.service.RefusedException;
import io.github.keycloakpin2fa.storage.jpa.RealmConfigLock;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakTransactionManager;

/** Every failure leaves the API as Infobip's error envelope; nothing escapes as a bare 500. */
class ApiResponsesTest {

    private final KeycloakSession session = mock(KeycloakSession.class);

    private static JsonNode body(Response response) throws Exception {
        return ApiBodies.JSON.readTree((String) response.getEntity());
    }

    @Test
    void a_refusal_of_the_service_is_answered_in_the_envelope_with_retry_after() throws Exception {
        Response response = new ApiResponses(session, false).handle(() -> {
            throw new RefusedException(new RateLimited(Duration.ofMillis(1500), RateLimited.Limit.SEND_PER_DESTINATION));
        });

        assertThat(response.getStatus()).isEqualTo(429);
        assertThat(response.getHeaderString("Retry-After")).isEqualTo("2");
        JsonNode exception = body(response).path("requestError").path("serviceException");
        assertThat(exception.path("messageId").asText()).isEqualTo("TOO_MANY_REQUESTS");
        assertThat(exception.path("text").asText()).isEqualTo("Too many requests.");
    }

    @Test
    void the_engines_validation_is_a_400_naming_the_field() throws Exception {
        Response response = new ApiResponses(session, false).handle(() -> {
            throw ValidationException.of("pinAttempts", "must be between 1 and 100");
        });

        assertThat(response.getStatus()).isEqualTo(400);
        JsonNode exception = body(response).path("requestError").path("serviceException");
        assertThat(exception.path("validationErrors").path("pinAttempts").get(0).asText()).isEqualTo("must be between 1 and 100");
    }

    @Test
    void an_unexpected_failure_rolls_back_and_says_nothing_of_itself() throws Exception {
        KeycloakTransactionManager tx = mock(KeycloakTransactionManager.class);
        when(session.getTransactionManager()).thenReturn(tx);

        Response response = new ApiResponses(session, false).handle(() -> {
            throw new IllegalStateException("secret detail");
        });

        assertThat(response.getStatus()).isEqualTo(500);
        assertThat((String) response.getEntity()).contains("GENERAL_ERROR").doesNotContain("secret detail");
        verify(tx).setRollbackOnly();
    }

    @Test
    void an_xml_caller_gets_the_envelope_in_xml() {
        Response response = new ApiResponses(session, true).handle(() -> {
            throw new ApiException(ApiError.UNAUTHORIZED, "Invalid login details");
        });

        assertThat(response.getStatus()).isEqualTo(401);
        assertThat((String) response.getEntity()).startsWith("<").contains("<messageId>UNAUTHORIZED</messageId>");
    }

    @Test
    void two_configuration_writes_that_collide_answer_409_in_the_envelope_and_roll_back() throws Exception {
        KeycloakTransactionManager tx = mock(KeycloakTransactionManager.class);
        when(session.getTransactionManager()).thenReturn(tx);

        Response response = new ApiResponses(session, false).handle(() -> {
            throw new RealmConfigLock.ConcurrentWriteException(new jakarta.persistence.OptimisticLockException(
                    "Batch update returned unexpected row count from update [0]; actual row count: 0; expected: 1"));
        });

        assertThat(response.getStatus()).isEqualTo(409);
        JsonNode exception = body(response).path("requestError").path("serviceException");
        assertThat(exception.path("messageId").asText()).isEqualTo("CONFLICT");
        assertThat(exception.path("text").asText()).contains("another request").doesNotContain("row count");
        verify(tx).setRollbackOnly();
    }
}
