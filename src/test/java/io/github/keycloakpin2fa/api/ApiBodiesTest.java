package io.github.keycloakpin2fa.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.keycloakpin2fa.api.model.ApplicationRequest;
import io.github.keycloakpin2fa.api.model.SendPinRequest;
import io.github.keycloakpin2fa.service.TfaError;
import io.github.keycloakpin2fa.service.TfaException;
import org.junit.jupiter.api.Test;

/** Hostile bodies: every one is a 400 in the envelope, never an exception the handler misses. */
class ApiBodiesTest {

    @Test
    void json_nested_deeper_than_jacksons_limit_is_a_bad_request() {
        String deep = "{\"name\": " + "[".repeat(1_500) + "]".repeat(1_500) + "}";

        TfaException e = refused(() -> ApiBodies.read(deep, "application/json", ApplicationRequest.class, true, false));

        assertThat(e.error()).isEqualTo(TfaError.BAD_REQUEST);
        assertThat(e.getMessage()).contains("nested too deeply");
    }

    @Test
    void a_number_of_two_thousand_digits_is_a_bad_request() {
        String huge = "{\"applicationId\": " + "9".repeat(2_000) + "}";

        TfaException e = refused(() -> ApiBodies.read(huge, "application/json", SendPinRequest.class, false, false));

        assertThat(e.error()).isEqualTo(TfaError.BAD_REQUEST);
    }

    @Test
    void xml_nine_thousand_elements_deep_is_a_bad_request_not_a_stack_overflow() {
        String deep = "<request>" + "<a>".repeat(9_000) + "x" + "</a>".repeat(9_000) + "</request>";

        TfaException e = refused(() -> ApiBodies.read(deep, "application/xml", ApplicationRequest.class, true, false));

        assertThat(e.error()).isEqualTo(TfaError.BAD_REQUEST);
        assertThat(e.getMessage()).contains("nested deeper than " + XmlBodies.MAX_DEPTH);
    }

    @Test
    void xml_of_infobips_shape_still_reads() {
        ApplicationRequest request = ApiBodies.read(
                "<request><name>app</name><configuration><pinAttempts>5</pinAttempts></configuration></request>",
                "application/xml", ApplicationRequest.class, true, false);

        assertThat(request.name()).isEqualTo("app");
    }

    private static TfaException refused(Runnable read) {
        TfaException e = catchThrowableOfType(TfaException.class, read::run);
        assertThat(e).as("a TfaException").isNotNull();
        return e;
    }
}
