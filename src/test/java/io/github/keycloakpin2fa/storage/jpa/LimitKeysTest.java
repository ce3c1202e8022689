package io.github.keycloakpin2fa.storage.jpa;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LimitKeysTest {

    @Test
    void keys_name_the_kind_realm_and_application_and_hash_the_destination() {
        assertThat(LimitKeys.sendPerApplication("realm-1", "app-1")).isEqualTo("send-app:realm-1:app-1");
        String perDestination = LimitKeys.sendPerDestination("realm-1", "app-1", "41793026727");
        assertThat(perDestination).startsWith("send-to:realm-1:app-1:").doesNotContain("41793026727");
        assertThat(perDestination).hasSize("send-to:realm-1:app-1:".length() + 64);
    }

    @Test
    void kinds_and_destinations_do_not_share_keys() {
        assertThat(LimitKeys.verifyPerDestination("r", "a", "41793026727"))
                .isNotEqualTo(LimitKeys.sendPerDestination("r", "a", "41793026727"))
                .isNotEqualTo(LimitKeys.verifyPerDestination("r", "a", "41793026728"));
    }

    @Test
    void a_realms_pattern_matches_its_keys_and_not_another_realms() {
        String pattern = LimitKeys.ofRealmPattern("realm-1").replace("%", ".*");
        assertThat(LimitKeys.sendPerApplication("realm-1", "a")).matches(pattern);
        assertThat(LimitKeys.verifyPerDestination("realm-1", "a", "x@example.org")).matches(pattern);
        assertThat(LimitKeys.sendPerApplication("realm-10", "a")).doesNotMatch(pattern);
    }
}
