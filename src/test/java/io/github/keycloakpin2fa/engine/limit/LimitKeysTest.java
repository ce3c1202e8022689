package io.github.keycloakpin2fa.engine.limit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LimitKeysTest {

    @Test
    void keys_name_the_kind_realm_and_application() {
        assertThat(LimitKeys.sendPerApplication("realm-1", "app-1")).isEqualTo("send-app:realm-1:app-1");
        assertThat(LimitKeys.sendPerDestination("realm-1", "app-1", "d1")).isEqualTo("send-to:realm-1:app-1:d1");
        assertThat(LimitKeys.verifyPerDestination("realm-1", "app-1", "d1")).isEqualTo("verify:realm-1:app-1:d1");
    }

    @Test
    void a_digest_hides_what_it_stands_for() {
        String digest = LimitKeys.digest("41793026727");
        assertThat(digest).hasSize(64).doesNotContain("41793026727");
        assertThat(digest).isEqualTo(LimitKeys.digest("41793026727")).isNotEqualTo(LimitKeys.digest("41793026728"));
    }

    @Test
    void kinds_do_not_share_keys() {
        assertThat(LimitKeys.verifyPerDestination("r", "a", "d"))
                .isNotEqualTo(LimitKeys.sendPerDestination("r", "a", "d"));
        assertThat(LimitKeys.enrolmentPerNumber("r", "d")).isNotEqualTo(LimitKeys.sendPerDestination("r", "a", "d"));
        assertThat(LimitKeys.sendPerUser("r", "u")).isNotEqualTo(LimitKeys.enrolmentCooldown("r", "u"));
    }

    @Test
    void infobips_send_limits_are_told_apart_from_the_guards() {
        assertThat(LimitKeys.isSendPerApplication(LimitKeys.sendPerApplication("r", "a"))).isTrue();
        assertThat(LimitKeys.isSendPerDestination(LimitKeys.sendPerDestination("r", "a", "d"))).isTrue();
        assertThat(LimitKeys.isSendPerApplication(LimitKeys.sendPerCountry("r", "a", "CH"))).isFalse();
        assertThat(LimitKeys.isSendPerDestination(LimitKeys.sendPerClientIp("r", "ip"))).isFalse();
    }

    @Test
    void a_realms_pattern_matches_all_its_keys_and_not_another_realms() {
        String pattern = LimitKeys.ofRealmPattern("realm-1").replace("%", ".*");
        assertThat(LimitKeys.sendPerApplication("realm-1", "a")).matches(pattern);
        assertThat(LimitKeys.verifyPerDestination("realm-1", "a", "d")).matches(pattern);
        assertThat(LimitKeys.enrolmentPerRealm("realm-1")).matches(pattern);
        assertThat(LimitKeys.sendPerSession("realm-1", "s")).matches(pattern);
        assertThat(LimitKeys.sendPerApplication("realm-10", "a")).doesNotMatch(pattern);
    }

    @Test
    void a_country_s_verified_window_sorts_after_every_verify_limit_window_the_order_a_verify_locks_them_in() {
        for (String realm : List.of("r", "zzzz", "0", "realm-with-long-id-0123456789")) {
            assertThat(LimitKeys.verifyPerDestination(realm, "~~~~", "~~~~~~~~"))
                    .isLessThan(LimitKeys.pumpingVerified("0", "0", "AA"));
        }
        assertThat(LimitKeys.pumpingSent("r1", "a", "CH")).isNotEqualTo(LimitKeys.throttled("r1", "a", "CH"));
    }
}
