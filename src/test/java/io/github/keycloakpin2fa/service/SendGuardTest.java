package io.github.keycloakpin2fa.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.startsWith;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import io.github.keycloakpin2fa.engine.application.Application;
import io.github.keycloakpin2fa.engine.application.ApplicationConfiguration;
import io.github.keycloakpin2fa.engine.destination.PhoneNumber;
import io.github.keycloakpin2fa.engine.guard.NumberType;
import io.github.keycloakpin2fa.engine.guard.PumpingPolicy;
import io.github.keycloakpin2fa.engine.guard.SendProtection;
import io.github.keycloakpin2fa.engine.guard.SendPurpose;
import io.github.keycloakpin2fa.engine.guard.SendRefusal;
import io.github.keycloakpin2fa.engine.limit.LimitDecision;
import io.github.keycloakpin2fa.engine.limit.LimitKeys;
import io.github.keycloakpin2fa.engine.time.Limit;
import io.github.keycloakpin2fa.engine.time.TimeLength;
import io.github.keycloakpin2fa.storage.jpa.JpaRateLimiter;
import io.github.keycloakpin2fa.storage.jpa.JpaRateLimiter.LimitedKey;
import io.github.keycloakpin2fa.storage.realm.StoredApplication;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.keycloak.events.EventStoreProvider;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.SingleUseObjectProvider;

class SendGuardTest {

    private static final PhoneNumber SWISS_MOBILE = new PhoneNumber("41791234567");
    private static final PhoneNumber GERMAN_MOBILE = new PhoneNumber("4915123456789");
    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

    private final KeycloakSession session = mock(KeycloakSession.class);
    private final RealmModel realm = mock(RealmModel.class);
    private final SingleUseObjectProvider singleUse = mock(SingleUseObjectProvider.class);
    private final EventStoreProvider events = mock(EventStoreProvider.class);
    private final JpaRateLimiter limiter = mock(JpaRateLimiter.class);
    private final SendGuard guard = new SendGuard(session, realm, limiter, Clock.fixed(NOW, ZoneOffset.UTC));

    private static JpaRateLimiter.Admission admitted(JpaRateLimiter.Verdict verdict) {
        return new JpaRateLimiter.Admission(verdict, 0, 0, false);
    }

    @BeforeEach
    void realm() {
        when(realm.getId()).thenReturn("r1");
        when(realm.getName()).thenReturn("demo");
        when(realm.getAttributes()).thenReturn(Map.of());
        when(realm.isAdminEventsEnabled()).thenReturn(true);
        when(realm.getEventsListenersStream()).thenReturn(Stream.empty());
        when(session.singleUseObjects()).thenReturn(singleUse);
        when(session.getProvider(EventStoreProvider.class)).thenReturn(events);
        when(limiter.admit(any(), any(), anyLong(), any(), any())).thenReturn(admitted(new JpaRateLimiter.Verdict(LimitDecision.allow(), null)));
        when(singleUse.putIfAbsent(anyString(), anyLong())).thenReturn(true); // every place of a session's budget free
    }

    private static StoredApplication app(SendProtection protection) {
        return new StoredApplication("APP", new Application("a", true, ApplicationConfiguration.DEFAULTS), "P", protection);
    }

    private static SendOrigin enrolment() {
        return new SendOrigin(SendPurpose.ENROLMENT, "user-1", "root-session", "203.0.113.9");
    }

    @SuppressWarnings("unchecked")
    private List<String> acquiredKeys() {
        ArgumentCaptor<List<LimitedKey>> keys = ArgumentCaptor.forClass(List.class);
        verify(limiter).admit(keys.capture(), any(), anyLong(), any(), any());
        return keys.getValue().stream().map(LimitedKey::key).toList();
    }

    @Test
    @SuppressWarnings("unchecked")
    void an_admitted_send_readies_the_verify_limit_window_of_its_destination_for_the_pin_s_life() {
        guard.admit(SendOrigin.api(), app(SendProtection.DEFAULTS), SWISS_MOBILE);

        ArgumentCaptor<List<String>> prepared = ArgumentCaptor.forClass(List.class);
        ArgumentCaptor<Long> until = ArgumentCaptor.forClass(Long.class);
        verify(limiter).admit(any(), prepared.capture(), until.capture(), any(), any());
        assertThat(prepared.getValue()).contains(
                LimitKeys.verifyPerDestination("r1", "APP", LimitKeys.digest(SWISS_MOBILE.limitKey())));
        assertThat(until.getValue()).isEqualTo(NOW.plus(ApplicationConfiguration.DEFAULTS.pinTimeToLive().toDuration()).toEpochMilli());
    }

    @Test
    @SuppressWarnings("unchecked")
    void what_the_send_writes_goes_into_the_budgets_transaction_with_the_country_the_guard_saw() {
        List<String> written = new java.util.ArrayList<>();
        java.sql.Connection budgetsTransaction = mock(java.sql.Connection.class);
        when(limiter.admit(any(), any(), anyLong(), any(), any())).thenAnswer(call -> {
            call.<JpaRateLimiter.AlsoWritten>getArgument(4).write(budgetsTransaction);
            return admitted(new JpaRateLimiter.Verdict(LimitDecision.allow(), null));
        });

        String region = guard.admit(SendOrigin.api(), app(SendProtection.DEFAULTS), SWISS_MOBILE,
                (tx, seen) -> written.add((tx == budgetsTransaction ? "budgets' transaction, " : "elsewhere, ") + seen));

        assertThat(written).containsExactly("budgets' transaction, CH");
        assertThat(region).isEqualTo("CH");
    }

    /**
     * The request's own transaction, which names the tables and must run no statement: a send
     * holds no connection of the request's while the vendor has its message.
     */
    private java.sql.Connection requestTransaction() throws Exception {
        jakarta.persistence.EntityManager em = mock(jakarta.persistence.EntityManager.class);
        org.keycloak.connections.jpa.JpaConnectionProvider jpa = mock(org.keycloak.connections.jpa.JpaConnectionProvider.class);
        when(session.getProvider(org.keycloak.connections.jpa.JpaConnectionProvider.class)).thenReturn(jpa);
        when(jpa.getEntityManager()).thenReturn(em);
        return io.github.keycloakpin2fa.storage.jpa.TransactionConnection.of(em,
                io.github.keycloakpin2fa.storage.jpa.PinFailureEntity.class, "PIN2FA_PIN_FAILURES");
    }

    /**
     * The connection of the budgets' transaction, which answers the account's wrong PINs:
     * {@code failures}, or no row when null.
     */
    private static java.sql.Connection budgetsTransactionWithFailures(Integer failures) throws Exception {
        java.sql.Connection connection = mock(java.sql.Connection.class);
        java.sql.PreparedStatement read = mock(java.sql.PreparedStatement.class);
        java.sql.ResultSet row = mock(java.sql.ResultSet.class);
        when(connection.prepareStatement(anyString())).thenReturn(read);
        when(read.executeQuery()).thenReturn(row);
        when(row.next()).thenReturn(failures != null);
        when(row.getInt(1)).thenReturn(failures == null ? 0 : failures);
        return connection;
    }

    private void admitsIn(java.sql.Connection budgetsTransaction) {
        org.mockito.Mockito.doAnswer(call -> {
            call.<JpaRateLimiter.AlsoWritten>getArgument(4).write(budgetsTransaction);
            return admitted(new JpaRateLimiter.Verdict(LimitDecision.allow(), null));
        }).when(limiter).admit(any(), any(), anyLong(), any(), any());
    }

    @Test
    void a_login_send_for_an_account_with_no_wrong_pin_left_is_refused_in_the_budgets_transaction() throws Exception {
        java.sql.Connection request = requestTransaction();
        admitsIn(budgetsTransactionWithFailures(100));
        List<String> written = new java.util.ArrayList<>();
        SendOrigin login = new SendOrigin(SendPurpose.LOGIN, "user-1", "root-session", "203.0.113.9");
        io.micrometer.core.instrument.simple.SimpleMeterRegistry registry = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        io.micrometer.core.instrument.Metrics.addRegistry(registry);
        try {
            assertThatThrownBy(() -> guard.admit(login, app(SendProtection.DEFAULTS), SWISS_MOBILE, (tx, seen) -> written.add(seen)))
                    .isInstanceOfSatisfying(RefusedException.class, e -> assertThat(e.refusal()).isEqualTo(new Refusal.AccountLocked()));

            assertThat(registry.counter("pin2fa.sends.refused", "purpose", "login", "reason", "account_locked").count()).isEqualTo(1);
        } finally {
            io.micrometer.core.instrument.Metrics.removeRegistry(registry);
            io.micrometer.core.instrument.Metrics.globalRegistry.clear();
        }
        assertThat(written).as("nothing stored: the transaction rolls back").isEmpty();
        verifyNoInteractions(request); // read in the budgets' transaction, not the request's
        verify(singleUse).remove(startsWith("pin2fa")); // the session's place given back
    }

    @Test
    void a_user_s_send_with_wrong_pins_left_is_admitted_and_an_api_send_reads_no_account() throws Exception {
        java.sql.Connection request = requestTransaction();
        java.sql.Connection budgets = budgetsTransactionWithFailures(99);
        admitsIn(budgets);
        List<String> written = new java.util.ArrayList<>();

        guard.admit(enrolment(), app(SendProtection.DEFAULTS), SWISS_MOBILE, (tx, seen) -> written.add("enrolment"));
        java.sql.Connection apiBudgets = mock(java.sql.Connection.class);
        admitsIn(apiBudgets);
        guard.admit(SendOrigin.api(), app(SendProtection.DEFAULTS), SWISS_MOBILE, (tx, seen) -> written.add("api"));

        assertThat(written).containsExactly("enrolment", "api");
        verify(budgets).prepareStatement(anyString()); // the enrolling user's account, read in the budgets' transaction
        verifyNoInteractions(apiBudgets, request);
    }

    @Test
    void a_number_in_a_blocked_country_is_refused_before_any_budget_is_spent() {
        SendProtection protection = new SendProtection(Set.of(), Set.of("DE"), SendProtection.HIGH_COST, Limit.parse("1000/1h"),
                PumpingPolicy.DEFAULTS);

        assertThatThrownBy(() -> guard.admit(SendOrigin.api(), app(protection), GERMAN_MOBILE))
                .isInstanceOfSatisfying(RefusedException.class, e ->
                        assertThat(e.refusal()).isEqualTo(new Refusal.DestinationBlocked(SendRefusal.Reason.COUNTRY_BLOCKED)));
        verify(limiter, never()).admit(any(), any(), anyLong(), any(), any());
    }

    @Test
    void a_premium_rate_number_is_refused_by_default() {
        PhoneNumber premium = new PhoneNumber("44" + "9098790000"); // UK 09 premium-rate range
        assertThat(premium.lineType()).isEqualTo(NumberType.PREMIUM_RATE.name());

        assertThatThrownBy(() -> guard.admit(SendOrigin.api(), app(SendProtection.DEFAULTS), premium))
                .isInstanceOfSatisfying(RefusedException.class, e ->
                        assertThat(e.refusal()).isEqualTo(new Refusal.DestinationBlocked(SendRefusal.Reason.NUMBER_TYPE_BLOCKED)));
    }

    @Test
    void a_spent_budget_is_refused_with_its_wait() {
        when(limiter.admit(any(), any(), anyLong(), any(), any())).thenReturn(admitted(new JpaRateLimiter.Verdict(LimitDecision.refuse(Duration.ofSeconds(42)), null)));

        assertThatThrownBy(() -> guard.admit(enrolment(), app(SendProtection.DEFAULTS), SWISS_MOBILE))
                .isInstanceOfSatisfying(RefusedException.class, e -> assertThat(e.refusal())
                        .isEqualTo(new Refusal.RateLimited(Duration.ofSeconds(42), Refusal.RateLimited.Limit.SEND_GUARD)));
        verify(singleUse, never()).put(org.mockito.ArgumentMatchers.startsWith("pin2fa-enrol-number:"), anyLong(), any());
    }

    @Test
    void a_refusal_by_infobips_per_number_limit_says_which_limit() {
        LimitedKey perNumber = new LimitedKey(LimitKeys.sendPerDestination("r1", "APP", LimitKeys.digest(SWISS_MOBILE.digits())),
                Limit.parse("5/1d"));
        when(limiter.admit(any(), any(), anyLong(), any(), any()))
                .thenReturn(admitted(new JpaRateLimiter.Verdict(LimitDecision.refuse(Duration.ofMinutes(5)), perNumber)));

        assertThatThrownBy(() -> guard.admit(SendOrigin.api(), app(SendProtection.DEFAULTS), SWISS_MOBILE))
                .isInstanceOfSatisfying(RefusedException.class, e -> assertThat(e.refusal())
                        .isEqualTo(new Refusal.RateLimited(Duration.ofMinutes(5), Refusal.RateLimited.Limit.SEND_PER_DESTINATION)));
    }

    @Test
    void an_enrolment_counts_a_new_number_once_and_remembers_it_only_after_it_was_allowed() {
        when(singleUse.contains(anyString())).thenReturn(false);

        guard.admit(enrolment(), app(SendProtection.DEFAULTS), SWISS_MOBILE);

        assertThat(acquiredKeys()).contains("enrol-numbers:r1:user-1", "enrol-cooldown:r1:user-1", "enrol-country:r1:CH")
                .noneMatch(k -> k.startsWith("send-app") || k.startsWith("send-to"));
        verify(singleUse).put(eq("pin2fa-enrol-number:r1:user-1:" + LimitKeys.digest(SWISS_MOBILE.digits())), eq(86_400L), any());
    }

    @Test
    void a_number_already_asked_for_today_does_not_count_again() {
        when(singleUse.contains("pin2fa-enrol-number:r1:user-1:" + LimitKeys.digest(SWISS_MOBILE.digits()))).thenReturn(true);

        guard.admit(enrolment(), app(SendProtection.DEFAULTS), SWISS_MOBILE);

        assertThat(acquiredKeys()).doesNotContain("enrol-numbers:r1:user-1").contains("enrol-cooldown:r1:user-1");
    }

    @Test
    void keys_hold_digests_of_the_destination_session_and_address_never_the_values() {
        guard.admit(enrolment(), app(SendProtection.DEFAULTS), SWISS_MOBILE);

        assertThat(acquiredKeys()).noneMatch(k -> k.contains(SWISS_MOBILE.digits()) || k.contains("203.0.113.9") || k.contains("root-session"))
                .contains("send-ip:r1:" + LimitKeys.digest("203.0.113.9"));
        verify(singleUse).putIfAbsent("pin2fa.place:send-session:r1:" + LimitKeys.digest("root-session") + "#0", 3600);
    }

    @Test
    void a_session_s_budget_is_a_place_in_the_single_use_objects_not_a_database_row() {
        guard.admit(enrolment(), app(SendProtection.DEFAULTS), SWISS_MOBILE);

        assertThat(acquiredKeys()).noneMatch(LimitKeys::isSendPerSession);
        verify(singleUse).put(eq("pin2fa.place:send-session:r1:" + LimitKeys.digest("root-session") + "#0"), eq(3600L),
                eq(Map.of("at", Long.toString(NOW.toEpochMilli()))));
    }

    @Test
    void a_session_with_no_place_left_is_refused_before_the_database_is_asked() {
        when(singleUse.putIfAbsent(anyString(), anyLong())).thenReturn(false); // all 6 places held
        String first = "pin2fa.place:send-session:r1:" + LimitKeys.digest("root-session") + "#0";
        when(singleUse.get(anyString())).thenReturn(Map.of("at", Long.toString(NOW.toEpochMilli() - 1_000)));
        when(singleUse.get(first)).thenReturn(Map.of("at", Long.toString(NOW.toEpochMilli() - 3_000_000)));

        assertThatThrownBy(() -> guard.admit(enrolment(), app(SendProtection.DEFAULTS), SWISS_MOBILE))
                .isInstanceOfSatisfying(RefusedException.class, e -> assertThat(e.refusal()).isEqualTo(
                        new Refusal.RateLimited(Duration.ofSeconds(600), Refusal.RateLimited.Limit.SEND_GUARD)));
        verify(limiter, never()).admit(any(), any(), anyLong(), any(), any());
        verify(singleUse, org.mockito.Mockito.times(6)).putIfAbsent(anyString(), eq(3600L));
    }

    @Test
    void a_send_the_database_refuses_gives_the_session_s_place_back() {
        when(limiter.admit(any(), any(), anyLong(), any(), any())).thenReturn(admitted(
                new JpaRateLimiter.Verdict(LimitDecision.refuse(Duration.ofSeconds(5)), null)));

        assertThatThrownBy(() -> guard.admit(enrolment(), app(SendProtection.DEFAULTS), SWISS_MOBILE))
                .isInstanceOf(RefusedException.class);
        verify(singleUse).remove("pin2fa.place:send-session:r1:" + LimitKeys.digest("root-session") + "#0");
    }

    @Test
    void a_session_budget_larger_than_the_places_kept_stays_in_the_database() {
        when(realm.getAttributes()).thenReturn(Map.of("pin2fa.limits.sendsPerSession", "100/1h"));

        guard.admit(enrolment(), app(SendProtection.DEFAULTS), SWISS_MOBILE);

        assertThat(acquiredKeys()).contains("send-session:r1:" + LimitKeys.digest("root-session"));
        verify(singleUse, never()).putIfAbsent(anyString(), anyLong());
    }

    @Test
    void realm_attributes_set_the_limits() {
        when(realm.getAttributes()).thenReturn(Map.of("pin2fa.limits.sendsPerClientIp", "2/1m"));

        guard.admit(enrolment(), app(SendProtection.DEFAULTS), SWISS_MOBILE);

        @SuppressWarnings("unchecked")
        ArgumentCaptor<List<LimitedKey>> keys = ArgumentCaptor.forClass(List.class);
        verify(limiter).admit(keys.capture(), any(), anyLong(), any(), any());
        assertThat(keys.getValue()).contains(new LimitedKey("send-ip:r1:" + LimitKeys.digest("203.0.113.9"), Limit.parse("2/1m")));
    }

    private static SendProtection pumpingWatched() {
        PumpingPolicy policy = new PumpingPolicy(true, TimeLength.parse("1h"), 10, 20, Limit.parse("1/1h"));
        return new SendProtection(Set.of(), Set.of(), SendProtection.HIGH_COST, Limit.parse("1000/1h"), policy);
    }

    private JpaRateLimiter.Throttle throttlePassed() {
        ArgumentCaptor<JpaRateLimiter.Throttle> throttle = ArgumentCaptor.forClass(JpaRateLimiter.Throttle.class);
        verify(limiter).admit(any(), any(), anyLong(), throttle.capture(), any());
        return throttle.getValue();
    }

    @Test
    @SuppressWarnings("unchecked")
    void every_send_to_a_watched_country_counts_in_its_sent_window_and_readies_its_verified_window() {
        guard.admit(SendOrigin.api(), app(pumpingWatched()), SWISS_MOBILE);

        ArgumentCaptor<List<LimitedKey>> keys = ArgumentCaptor.forClass(List.class);
        ArgumentCaptor<List<String>> prepared = ArgumentCaptor.forClass(List.class);
        verify(limiter).admit(keys.capture(), prepared.capture(), anyLong(), any(), any());
        assertThat(keys.getValue()).contains(new LimitedKey("pumping-sent:r1:APP:CH", new Limit(Integer.MAX_VALUE, TimeLength.parse("1h"))));
        assertThat(prepared.getValue()).contains("verifyok:r1:APP:CH");
    }

    @Test
    void the_throttle_applies_below_the_conversion_at_volume_with_the_country_s_throttled_budget() {
        guard.admit(SendOrigin.api(), app(pumpingWatched()), SWISS_MOBILE);

        JpaRateLimiter.Throttle throttle = throttlePassed();
        assertThat(throttle.sentKey()).isEqualTo("pumping-sent:r1:APP:CH");
        assertThat(throttle.verifiedKey()).isEqualTo("verifyok:r1:APP:CH");
        assertThat(throttle.windowMillis()).isEqualTo(Duration.ofHours(1).toMillis());
        assertThat(throttle.limit()).isEqualTo(new LimitedKey("pumping:r1:APP:CH", Limit.parse("1/1h")));
        assertThat(throttle.applies().test(10L, 1L)).as("10%% verified of 10").isTrue();
        assertThat(throttle.applies().test(10L, 2L)).as("20%% verified").isFalse();
        assertThat(throttle.applies().test(9L, 0L)).as("under the volume").isFalse();
    }

    @Test
    void a_throttled_send_says_so_once_with_the_figures_the_windows_held() {
        when(limiter.admit(any(), any(), anyLong(), any(), any())).thenReturn(
                new JpaRateLimiter.Admission(new JpaRateLimiter.Verdict(LimitDecision.allow(), null), 10, 1, true));
        when(singleUse.putIfAbsent(eq("pin2fa-pumping:r1:APP:CH"), anyLong())).thenReturn(true);

        guard.admit(SendOrigin.api(), app(pumpingWatched()), SWISS_MOBILE);

        ArgumentCaptor<AdminEvent> event = ArgumentCaptor.forClass(AdminEvent.class);
        verify(events).onEvent(event.capture(), anyBoolean());
        assertThat(event.getValue().getResourceTypeAsString()).isEqualTo("PIN2FA_SMS_PUMPING");
        assertThat(event.getValue().getResourcePath()).isEqualTo("2fa/applications/APP/countries/CH");
        assertThat(event.getValue().getDetails()).containsEntry("sent", "10").containsEntry("verified", "1");
    }

    @Test
    void a_detection_already_announced_in_the_window_raises_no_second_event() {
        when(limiter.admit(any(), any(), anyLong(), any(), any())).thenReturn(
                new JpaRateLimiter.Admission(new JpaRateLimiter.Verdict(LimitDecision.allow(), null), 50, 0, true));
        when(singleUse.putIfAbsent(anyString(), anyLong())).thenReturn(false);

        guard.admit(SendOrigin.api(), app(pumpingWatched()), SWISS_MOBILE);

        verify(events, never()).onEvent(any(AdminEvent.class), anyBoolean());
    }

    @Test
    void a_login_to_a_confirmed_phone_counts_as_sent_but_is_never_throttled() {
        String region = guard.admit(new SendOrigin(SendPurpose.LOGIN, "user-1", "s", "198.51.100.1"), app(SendProtection.DEFAULTS),
                SWISS_MOBILE);

        assertThat(region).as("the country the guard saw, which the PIN record keeps").isEqualTo("CH");
        assertThat(throttlePassed()).isNull();
        assertThat(acquiredKeys()).noneMatch(k -> k.startsWith("pumping:")).contains("pumping-sent:r1:APP:CH")
                .contains("send-to:r1:APP:" + LimitKeys.digest(SWISS_MOBILE.digits()));
    }

    @Test
    void a_country_not_watched_reads_no_windows() {
        PumpingPolicy off = new PumpingPolicy(false, TimeLength.parse("1h"), 10, 20, Limit.parse("1/1h"));
        guard.admit(SendOrigin.api(), app(new SendProtection(Set.of(), Set.of(), SendProtection.HIGH_COST, Limit.parse("1000/1h"), off)),
                SWISS_MOBILE);

        assertThat(throttlePassed()).isNull();
        assertThat(acquiredKeys()).noneMatch(k -> k.startsWith("pumping"));
    }
}
