package io.github.keycloakpin2fa.engine.guard;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.keycloakpin2fa.engine.time.Limit;
import io.github.keycloakpin2fa.engine.time.TimeLength;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SendLimitsTest {

    @Test
    void no_attributes_mean_the_documented_defaults() {
        SendLimits limits = SendLimits.fromAttributes(null);
        assertThat(limits).isEqualTo(SendLimits.DEFAULTS);
        assertThat(limits.perUser()).isEqualTo(Limit.parse("10/1h"));
        assertThat(limits.perSession()).isEqualTo(Limit.parse("6/1h"));
        assertThat(limits.perClientIp()).isEqualTo(Limit.parse("30/1h"));
        assertThat(limits.enrolmentCooldown()).isEqualTo(TimeLength.parse("30s"));
        assertThat(limits.enrolmentNumbersPerDay()).isEqualTo(3);
        assertThat(limits.enrolmentPerNumber()).isEqualTo(Limit.parse("3/1d"));
        assertThat(limits.enrolmentPerCountry()).isEqualTo(Limit.parse("100/1h"));
        assertThat(limits.enrolmentPerRealm()).isEqualTo(Limit.parse("1000/1d"));
    }

    @Test
    void realm_attributes_override_each_limit() {
        SendLimits limits = SendLimits.fromAttributes(Map.of(
                SendLimits.PER_USER, "4/1h", SendLimits.PER_SESSION, "2/10m", SendLimits.PER_CLIENT_IP, " 7/1d ",
                SendLimits.ENROLMENT_COOLDOWN, "2m", SendLimits.ENROLMENT_NUMBERS_PER_DAY, "5",
                SendLimits.ENROLMENT_PER_NUMBER, "1/1d", SendLimits.ENROLMENT_PER_COUNTRY, "9/1h", SendLimits.ENROLMENT_PER_REALM, "50/1d"));
        assertThat(limits).isEqualTo(new SendLimits(Limit.parse("4/1h"), Limit.parse("2/10m"), Limit.parse("7/1d"),
                TimeLength.parse("2m"), 5, Limit.parse("1/1d"), Limit.parse("9/1h"), Limit.parse("50/1d"), java.util.List.of()));
        assertThat(limits.enrolmentCooldownLimit()).isEqualTo(Limit.parse("1/2m"));
        assertThat(limits.enrolmentNumbersLimit()).isEqualTo(Limit.parse("5/1d"));
    }

    @Test
    void a_value_that_does_not_parse_or_is_out_of_bounds_falls_back_to_its_default_and_is_reported() {
        SendLimits limits = SendLimits.fromAttributes(Map.of(SendLimits.PER_USER, "ten an hour", SendLimits.PER_CLIENT_IP, "5/2d",
                SendLimits.ENROLMENT_NUMBERS_PER_DAY, "0", SendLimits.ENROLMENT_COOLDOWN, "1/1d"));
        assertThat(limits.perUser()).isEqualTo(SendLimits.DEFAULTS.perUser());
        assertThat(limits.perClientIp()).isEqualTo(SendLimits.DEFAULTS.perClientIp());
        assertThat(limits.enrolmentNumbersPerDay()).isEqualTo(SendLimits.DEFAULTS.enrolmentNumbersPerDay());
        assertThat(limits.enrolmentCooldown()).isEqualTo(SendLimits.DEFAULTS.enrolmentCooldown());
        assertThat(limits.problems()).hasSize(4).anySatisfy(p -> assertThat(p).startsWith(SendLimits.PER_USER));
    }
}
