package io.github.keycloakpin2fa.engine.guard;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.keycloakpin2fa.engine.application.ApplicationConfiguration;
import io.github.keycloakpin2fa.engine.guard.SendBudgets.Budget;
import io.github.keycloakpin2fa.engine.time.Limit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SendBudgetsTest {

    private static final SendLimits REALM = SendLimits.DEFAULTS;
    private static final ApplicationConfiguration APP = ApplicationConfiguration.DEFAULTS;
    private static final SendProtection PROTECTION = SendProtection.DEFAULTS;

    private static SendAttempt attempt(SendPurpose purpose, boolean newNumber) {
        return new SendAttempt(purpose, "realm1", "APP1", "user1", "sess1", "ip1", "dest1", "CH", newNumber);
    }

    private static Map<String, Limit> keys(SendAttempt attempt) {
        return SendBudgets.of(attempt, REALM, APP, PROTECTION).stream()
                .collect(java.util.stream.Collectors.toMap(Budget::key, Budget::limit));
    }

    @Test
    void a_login_spends_the_application_number_country_user_session_and_address_budgets() {
        assertThat(keys(attempt(SendPurpose.LOGIN, false))).containsExactlyInAnyOrderEntriesOf(Map.of(
                "send-app:realm1:APP1", APP.sendPinPerApplicationLimit(),
                "send-to:realm1:APP1:dest1", APP.sendPinPerPhoneNumberLimit(),
                "send-country:realm1:APP1:CH", PROTECTION.sendPinPerCountryLimit(),
                "send-user:realm1:user1", REALM.perUser(),
                "send-session:realm1:sess1", REALM.perSession(),
                "send-ip:realm1:ip1", REALM.perClientIp()));
    }

    @Test
    void an_enrolment_never_spends_a_budget_a_login_spends_except_the_users_own() {
        Map<String, Limit> login = keys(attempt(SendPurpose.LOGIN, false));
        Map<String, Limit> enrolment = keys(attempt(SendPurpose.ENROLMENT, true));

        assertThat(enrolment.keySet()).filteredOn(login::containsKey)
                .as("shared only with the same user's, session's and address's own budgets")
                .containsExactlyInAnyOrder("send-user:realm1:user1", "send-session:realm1:sess1", "send-ip:realm1:ip1");
        assertThat(enrolment).containsEntry("enrol-to:realm1:dest1", REALM.enrolmentPerNumber())
                .containsEntry("enrol-country:realm1:CH", REALM.enrolmentPerCountry())
                .containsEntry("enrol-realm:realm1:", REALM.enrolmentPerRealm())
                .containsEntry("enrol-cooldown:realm1:user1", new Limit(1, REALM.enrolmentCooldown()))
                .containsEntry("enrol-numbers:realm1:user1", REALM.enrolmentNumbersLimit());
    }

    @Test
    void a_number_the_user_already_asked_for_today_does_not_count_as_another_number() {
        assertThat(keys(attempt(SendPurpose.ENROLMENT, false))).doesNotContainKey("enrol-numbers:realm1:user1")
                .containsKey("enrol-cooldown:realm1:user1");
    }

    @Test
    void the_api_spends_no_user_session_or_address_budget() {
        SendAttempt api = new SendAttempt(SendPurpose.API, "realm1", "APP1", null, null, null, "dest1", "CH", false);
        assertThat(keys(api).keySet()).containsExactlyInAnyOrder("send-app:realm1:APP1", "send-to:realm1:APP1:dest1",
                "send-country:realm1:APP1:CH");
    }

    @Test
    void pumping_throttles_enrolment_and_api_but_never_a_login_to_a_confirmed_phone() {
        Budget throttle = new Budget("pumping:realm1:APP1:CH", PROTECTION.pumping().throttledLimit());
        assertThat(SendBudgets.whilePumping(attempt(SendPurpose.ENROLMENT, false), PROTECTION)).contains(throttle);
        assertThat(SendBudgets.whilePumping(attempt(SendPurpose.API, false), PROTECTION)).contains(throttle);
        assertThat(SendBudgets.whilePumping(attempt(SendPurpose.LOGIN, false), PROTECTION)).isEmpty();
        assertThat(keys(attempt(SendPurpose.API, false))).as("not spent until pumping is detected").doesNotContainKey(throttle.key());
    }

    @Test
    void an_email_has_no_country_budget() {
        SendAttempt email = new SendAttempt(SendPurpose.LOGIN, "realm1", "APP1", "user1", "sess1", "ip1", "dest1", null, false);
        assertThat(keys(email).keySet()).noneMatch(k -> k.startsWith("send-country") || k.startsWith("pumping"));
        assertThat(SendBudgets.whilePumping(new SendAttempt(SendPurpose.API, "realm1", "APP1", null, null, null, "dest1", null, false),
                PROTECTION)).isEmpty();
    }

    @Test
    void every_key_names_its_realm_between_colons_so_a_removed_realm_can_be_cleaned_up() {
        for (SendPurpose purpose : SendPurpose.values()) {
            List<Budget> budgets = SendBudgets.of(attempt(purpose, true), REALM, APP, PROTECTION);
            assertThat(budgets).isNotEmpty().allSatisfy(b -> assertThat(b.key()).contains(":realm1:"));
        }
    }
}
