package io.github.keycloakpin2fa.testing;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PrivatePostgresTest {

    @Test
    void a_port_that_outgoing_connections_may_hold_is_refused_before_anything_starts() {
        int[] linuxDefault = {32768, 60999};

        assertThatThrownBy(() -> PrivatePostgres.requireOutside(55432, linuxDefault))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("55432").hasMessageContaining("32768-60999");
        assertThatThrownBy(() -> PrivatePostgres.requireOutside(32768, linuxDefault)).isInstanceOf(IllegalArgumentException.class);
        assertThatCode(() -> PrivatePostgres.requireOutside(15432, linuxDefault)).doesNotThrowAnyException();
    }
}
