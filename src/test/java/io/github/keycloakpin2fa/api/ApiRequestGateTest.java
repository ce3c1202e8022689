package io.github.keycloakpin2fa.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ApiRequestGateTest {

    @Test
    void the_types_the_api_reads_pass() {
        assertThat(ApiRequestGate.problem("application/json")).isNull();
        assertThat(ApiRequestGate.problem("application/json; charset=utf-8")).isNull();
        assertThat(ApiRequestGate.problem("application/json;charset=\"UTF-8\"")).isNull();
        assertThat(ApiRequestGate.problem("text/xml")).isNull();
        assertThat(ApiRequestGate.problem("text/plain")).as("the resource answers this itself").isNull();
    }

    @Test
    void a_header_that_is_no_media_type_is_refused() {
        assertThat(ApiRequestGate.problem("garbage")).contains("not a media type");
        assertThat(ApiRequestGate.problem("application/json;;;")).contains("not a media type");
        assertThat(ApiRequestGate.problem("application/")).contains("not a media type");
        assertThat(ApiRequestGate.problem("")).contains("not a media type");
    }

    @Test
    void control_characters_are_what_keycloak_refuses_in_a_query() {
        assertThat(ApiRequestGate.hasControlCharacter("x\u0000y")).isTrue();
        assertThat(ApiRequestGate.hasControlCharacter("\u001b[31m")).isTrue();
        assertThat(ApiRequestGate.hasControlCharacter("a\tb\r\n")).isFalse();
        assertThat(ApiRequestGate.hasControlCharacter("+41 79 555 12 34")).isFalse();
    }

    @Test
    void a_multipart_body_is_refused_in_any_case() {
        assertThat(ApiRequestGate.problem("multipart/form-data; boundary=xyz")).contains("multipart");
        assertThat(ApiRequestGate.problem("Multipart/Form-Data")).contains("multipart");
    }
}
