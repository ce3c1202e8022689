package io.github.keycloakpin2fa.api.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.keycloakpin2fa.service.TfaError;
import io.github.keycloakpin2fa.service.TfaException;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ApiCallerTest {

    @Test
    void a_caller_without_a_list_may_use_every_application() {
        ApiCaller caller = new ApiCaller(Set.of("2fa:manage"), Set.of(), null, null, "k1");

        assertThat(caller.restricted()).isFalse();
        assertThat(caller.mayUse("any")).isTrue();
    }

    @Test
    void a_restricted_caller_may_use_only_its_applications() {
        ApiCaller caller = new ApiCaller(Set.of("2fa:pin:send"), Set.of("A"), null, null, "k1");

        assertThat(caller.mayUse("A")).isTrue();
        assertThat(caller.mayUse("B")).isFalse();
        assertThatThrownBy(() -> caller.requireApplication("B")).isInstanceOfSatisfying(TfaException.class,
                e -> assertThat(e.error()).isEqualTo(TfaError.FORBIDDEN));
    }
}
