package io.github.keycloakpin2fa.engine.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.keycloakpin2fa.engine.guard.SendProtectionDraft.PumpingDraft;
import io.github.keycloakpin2fa.engine.validation.ValidationException;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SendProtectionTest {

    private static final Set<String> KNOWN = Set.of("CH", "DE", "GB", "LI", "US");

    private static SendProtection valid(SendProtectionDraft draft) {
        return SendProtectionValidator.validate(draft, KNOWN::contains);
    }

    @Test
    void by_default_every_country_is_allowed_and_high_cost_ranges_are_blocked() {
        SendProtection p = SendProtection.DEFAULTS;
        assertThat(p.check("CH", NumberType.MOBILE)).isEmpty();
        assertThat(p.check(null, NumberType.UNKNOWN)).isEmpty();
        for (NumberType type : List.of(NumberType.PREMIUM_RATE, NumberType.SHARED_COST, NumberType.PERSONAL_NUMBER, NumberType.UAN)) {
            assertThat(p.check("GB", type)).contains(new SendRefusal.Blocked(SendRefusal.Reason.NUMBER_TYPE_BLOCKED));
        }
    }

    @Test
    void an_allow_list_admits_only_its_countries_and_no_unknown_one() {
        SendProtection p = valid(new SendProtectionDraft(List.of("ch", " LI"), null, null, null, null));
        assertThat(p.check("CH", NumberType.MOBILE)).isEmpty();
        assertThat(p.check("LI", NumberType.MOBILE)).isEmpty();
        assertThat(p.check("DE", NumberType.MOBILE)).contains(new SendRefusal.Blocked(SendRefusal.Reason.COUNTRY_NOT_ALLOWED));
        assertThat(p.check(null, NumberType.MOBILE)).contains(new SendRefusal.Blocked(SendRefusal.Reason.COUNTRY_NOT_ALLOWED));
    }

    @Test
    void a_blocked_country_is_refused_and_the_rest_stay_open() {
        SendProtection p = valid(new SendProtectionDraft(null, List.of("DE"), null, null, null));
        assertThat(p.check("DE", NumberType.MOBILE)).contains(new SendRefusal.Blocked(SendRefusal.Reason.COUNTRY_BLOCKED));
        assertThat(p.check("CH", NumberType.MOBILE)).isEmpty();
    }

    @Test
    void an_admin_may_unblock_every_number_type() {
        SendProtection p = valid(new SendProtectionDraft(null, null, List.of(), null, null));
        assertThat(p.check("GB", NumberType.PREMIUM_RATE)).isEmpty();
        assertThat(p).isNotEqualTo(SendProtection.DEFAULTS);
    }

    @Test
    void missing_fields_mean_the_defaults() {
        assertThat(valid(new SendProtectionDraft(null, null, null, null, null))).isEqualTo(SendProtection.DEFAULTS);
        assertThat(valid(null)).isEqualTo(SendProtection.DEFAULTS);
    }

    @Test
    void every_broken_rule_is_reported_under_its_field() {
        assertThatThrownBy(() -> valid(new SendProtectionDraft(List.of("XX", "CH"), List.of("CH"), List.of("EXPENSIVE"),
                "1000 a day", new PumpingDraft(null, "2d", 0, 101, "1/1w"))))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.errors().asMap().keySet())
                        .containsExactlyInAnyOrder("security.allowedCountries", "security.blockedCountries",
                                "security.blockedNumberTypes", "security.sendPinPerCountryLimit",
                                "security.pumpingProtection.window", "security.pumpingProtection.minSends",
                                "security.pumpingProtection.minConversionPercent", "security.pumpingProtection.throttledLimit"));
    }

    @Test
    void the_pumping_settings_are_taken_as_given() {
        PumpingPolicy p = valid(new SendProtectionDraft(null, null, null, null, new PumpingDraft(false, "30m", 5, 50, "2/1h"))).pumping();
        assertThat(p).isEqualTo(new PumpingPolicy(false, io.github.keycloakpin2fa.engine.time.TimeLength.parse("30m"), 5, 50,
                io.github.keycloakpin2fa.engine.time.Limit.parse("2/1h")));
    }
}
