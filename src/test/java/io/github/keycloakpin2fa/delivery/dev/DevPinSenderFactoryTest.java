package io.github.keycloakpin2fa.delivery.dev;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The dev sender prints PINs, so it must not exist when Keycloak runs in production mode. */
class DevPinSenderFactoryTest {

    private final String before = System.getProperty("kc.profile");

    @AfterEach
    void restoreProfile() {
        if (before == null) {
            System.clearProperty("kc.profile");
        } else {
            System.setProperty("kc.profile", before);
        }
    }

    @Test
    void it_is_registered_in_development_mode() {
        System.setProperty("kc.profile", "dev");

        assertThat(new DevPinSenderFactory().isSupported(null)).isTrue();
    }

    @Test
    void it_is_not_registered_in_production_mode() {
        System.setProperty("kc.profile", "prod");

        assertThat(new DevPinSenderFactory().isSupported(null)).isFalse();
    }
}
