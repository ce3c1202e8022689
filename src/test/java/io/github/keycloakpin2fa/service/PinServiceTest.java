package io.github.keycloakpin2fa.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doNothing;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import io.github.keycloakpin2fa.delivery.Channel;
import io.github.keycloakpin2fa.delivery.DeliveryStatus;
import io.github.keycloakpin2fa.engine.application.ApplicationDraft;
import io.github.keycloakpin2fa.engine.application.ApplicationValidator;
import io.github.keycloakpin2fa.engine.application.ConfigurationDraft;
import io.github.keycloakpin2fa.engine.destination.EmailAddress;
import io.github.keycloakpin2fa.engine.destination.PhoneNumber;
import io.github.keycloakpin2fa.engine.guard.SendRefusal;
import io.github.keycloakpin2fa.engine.limit.LimitDecision;
import io.github.keycloakpin2fa.engine.limit.LimitKeys;
import io.github.keycloakpin2fa.engine.pin.PinHasher;
import io.github.keycloakpin2fa.engine.template.MessageTemplateDraft;
import io.github.keycloakpin2fa.engine.template.MessageTemplateValidator;
import io.github.keycloakpin2fa.engine.template.PinType;
import io.github.keycloakpin2fa.engine.verification.PinError;
import io.github.keycloakpin2fa.engine.verification.PinState;
import io.github.keycloakpin2fa.service.PinService.SendCommand;
import io.github.keycloakpin2fa.service.Refusal.RateLimited;
import io.github.keycloakpin2fa.storage.jpa.JpaRateLimiter;
import io.github.keycloakpin2fa.storage.jpa.JpaRateLimiter.LimitedKey;
import io.github.keycloakpin2fa.storage.jpa.PinRecordStore;
import io.github.keycloakpin2fa.storage.jpa.StoredPin;
import io.github.keycloakpin2fa.storage.realm.RealmPinConfig;
import io.github.keycloakpin2fa.storage.realm.StoredApplication;
import io.github.keycloakpin2fa.storage.realm.StoredTemplate;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.mockito.ArgumentCaptor;

/** The PIN service answers in domain terms: outcomes, or exactly one typed refusal. */
class PinServiceTest {

    private static final Instant NOW = Instant.parse("2026-01-01T10:00:00Z");
    private static final PinHasher HASHER = new PinHasher("k".repeat(32).getBytes(StandardCharsets.UTF_8));

    private final KeycloakSession session = mock(KeycloakSession.class);
    private final RealmModel realm = mock(RealmModel.class);
    private final RealmPinConfig config = mock(RealmPinConfig.class);
    private final PinRecordStore records = mock(PinRecordStore.class);
    private final JpaRateLimiter limiter = mock(JpaRateLimiter.class);
    private final RealmPinHasher hashers = mock(RealmPinHasher.class);
    private final SendGuard guard = mock(SendGuard.class);
    /** The own transactions run on the same mocked store, so the tests see every read and write. */
    private final PinService.OwnTransactions own = new PinService.OwnTransactions() {
        @Override
        public <T> T run(Function<PinRecordStore, T> work) {
            return work.apply(records);
        }
    };
    /** The connection of the send guard's transaction. */
    private final java.sql.Connection guardTransaction = mock(java.sql.Connection.class);
    /** Whether the guard's transaction is running what the send gave it to write. */
    private boolean inGuardTransaction;
    private PinService service;

    @BeforeEach
    void setUp() {
        when(realm.getId()).thenReturn("realm-1");
        when(realm.getName()).thenReturn("demo");
        when(session.getKeycloakSessionFactory()).thenReturn(mock(KeycloakSessionFactory.class));
        when(hashers.active()).thenReturn(new RealmPinHasher.Keyed("kid-1", HASHER,
                new io.github.keycloakpin2fa.engine.pin.PinSealer("s".repeat(32).getBytes(StandardCharsets.UTF_8))));
        when(hashers.forKey("kid-1")).thenReturn(HASHER);
        when(limiter.tryAcquireAllIfReady(any(), any())).thenReturn(Optional.of(LimitDecision.allow()));
        service = new PinService(session, realm, Clock.fixed(NOW, ZoneOffset.UTC), config, records, limiter, hashers, guard,
                mock(io.github.keycloakpin2fa.storage.cache.SealedPinStore.class), own);
        application(true);
        guardAdmits(null);
        when(config.template("app-1", "msg-1")).thenReturn(Optional.of(new StoredTemplate.Message("msg-1", "app-1",
                MessageTemplateValidator.validate(new MessageTemplateDraft("NUMERIC", 6, "Your PIN is {{pin}}", null, null, null,
                        null, null, null)))));
    }

    /**
     * The guard admits, writing what the send gives it in its own transaction (here on the same
     * mocked store), and says it saw {@code region}.
     */
    private void guardAdmits(String region) {
        doAnswer(call -> {
            inGuardTransaction = true;
            try {
                call.<SendGuard.WrittenWith>getArgument(3).write(guardTransaction, region);
            } finally {
                inGuardTransaction = false;
            }
            return region;
        }).when(guard).admit(any(), any(), any(), any());
    }

    private void application(boolean enabled) {
        when(config.application("app-1")).thenReturn(Optional.of(new StoredApplication("app-1",
                ApplicationValidator.validate(new ApplicationDraft("App", enabled, ConfigurationDraft.EMPTY)), "p")));
    }

    private static SendCommand sms(String to) {
        return new SendCommand(Channel.SMS, "app-1", "msg-1", to, null, Map.of(), false);
    }

    private static Refusal refusal(Runnable call) {
        try {
            call.run();
        } catch (RefusedException e) {
            return e.refusal();
        }
        throw new AssertionError("not refused");
    }

    @Test
    void missing_fields_are_one_invalid_input_naming_each() {
        Refusal refusal = refusal(() -> service.send(new SendCommand(Channel.SMS, null, " ", "12", null, null, false)));

        assertThat(refusal).isInstanceOf(Refusal.InvalidInput.class);
        assertThat(((Refusal.InvalidInput) refusal).errors().asMap()).containsOnlyKeys("applicationId", "messageId", "to");
        verifyNoInteractions(records, limiter, guard);
    }

    @Test
    void an_unknown_application_or_template_is_not_found() {
        assertThat(refusal(() -> service.send(new SendCommand(Channel.SMS, "app-2", "msg-1", "41793026727", null, null, false))))
                .isEqualTo(new Refusal.ApplicationNotFound("app-2"));
        assertThat(refusal(() -> service.send(new SendCommand(Channel.SMS, "app-1", "msg-2", "41793026727", null, null, false))))
                .isEqualTo(new Refusal.TemplateNotFound("app-1", "msg-2"));
    }

    @Test
    void a_disabled_application_sends_nothing_and_uses_no_limit() {
        application(false);

        assertThat(refusal(() -> service.send(sms("41793026727")))).isEqualTo(new Refusal.ApplicationDisabled("app-1"));
        verifyNoInteractions(records, limiter, guard);
    }

    @Test
    void a_send_the_guard_refuses_is_that_refusal_and_nothing_is_stored() throws Exception {
        RateLimited limited = new RateLimited(Duration.ofMinutes(3), RateLimited.Limit.SEND_PER_DESTINATION);
        doThrow(new RefusedException(limited)).when(guard).admit(any(), any(), any(), any());

        assertThat(refusal(() -> service.send(sms("41793026727")))).isEqualTo(limited);
        verify(records, never()).addIn(any(), any());
    }

    @Test
    void a_destination_the_application_blocks_is_refused_and_nothing_is_stored() throws Exception {
        Refusal blocked = new Refusal.DestinationBlocked(SendRefusal.Reason.COUNTRY_BLOCKED);
        doThrow(new RefusedException(blocked)).when(guard).admit(any(), any(), any(), any());

        assertThat(refusal(() -> service.send(sms("41793026727")))).isEqualTo(blocked);
        verify(records, never()).addIn(any(), any());
    }

    @Test
    void a_send_passes_the_guard_as_its_origin_and_stores_the_engines_state() throws Exception {
        SendOrigin login = new SendOrigin(io.github.keycloakpin2fa.engine.guard.SendPurpose.LOGIN, "user-1", "s", "192.0.2.1");
        guardAdmits("CH"); // the country the guard saw
        PinService.SendOutcome outcome = service.send(sms("+41793026727"), login);

        ArgumentCaptor<StoredPin> stored = ArgumentCaptor.forClass(StoredPin.class);
        verify(records).addIn(eq(guardTransaction), stored.capture());
        StoredPin pin = stored.getValue();
        assertThat(pin.state().destination()).isEqualTo("41793026727");
        assertThat(pin.state().sentAt()).isEqualTo(NOW);
        assertThat(pin.keyId()).isEqualTo("kid-1");
        assertThat(pin.channel()).isEqualTo("SMS");
        assertThat(pin.region()).isEqualTo("CH");
        assertThat(outcome.to().value()).isEqualTo("41793026727");
        verify(guard).admit(eq(login), any(), eq(new PhoneNumber("41793026727")), any());
    }

    @Test
    void a_send_is_stored_as_sent_by_the_transaction_that_spends_its_budgets() throws Exception {
        ArgumentCaptor<StoredPin> added = ArgumentCaptor.forClass(StoredPin.class);
        List<Boolean> addedInGuardTransaction = new java.util.ArrayList<>();
        doAnswer(call -> addedInGuardTransaction.add(inGuardTransaction)).when(records).addIn(eq(guardTransaction), added.capture());

        service.send(sms("41793026727"));

        assertThat(addedInGuardTransaction).containsExactly(true);
        assertThat(added.getValue().sentAt()).isEqualTo(NOW.toEpochMilli());
        assertThat(added.getValue().deliveryStatus()).isEqualTo("ACCEPTED");
    }

    @Test
    void a_send_no_provider_took_is_then_recorded_as_not_sent_on_its_locked_record() throws Exception {
        ArgumentCaptor<StoredPin> added = ArgumentCaptor.forClass(StoredPin.class);
        doNothing().when(records).addIn(any(), added.capture());
        when(records.lock(eq("realm-1"), any())).thenAnswer(call -> Optional.of(added.getValue()));

        PinService.SendOutcome outcome = service.send(sms("41793026727"));

        assertThat(outcome.delivery().status()).isEqualTo(DeliveryStatus.REJECTED);
        verify(records).lock("realm-1", outcome.pinId());
        ArgumentCaptor<StoredPin> updated = ArgumentCaptor.forClass(StoredPin.class);
        verify(records).update(updated.capture());
        assertThat(updated.getValue().pinId()).isEqualTo(outcome.pinId());
        assertThat(updated.getValue().sentAt()).isNull();
        assertThat(updated.getValue().deliveryStatus()).isEqualTo("REJECTED");
    }

    @Test
    void an_email_address_goes_to_the_guard_as_an_address_kept_as_written() {
        when(config.template("app-1", "mail-1")).thenReturn(Optional.of(new StoredTemplate.Email("mail-1", "app-1",
                io.github.keycloakpin2fa.engine.template.EmailTemplateValidator.validate(
                        new io.github.keycloakpin2fa.engine.template.EmailTemplateDraft(1L, "a@b.example", null, 6, "NUMERIC")))));

        PinService.SendOutcome outcome = service.send(new SendCommand(Channel.EMAIL, "app-1", "mail-1", " Demo@Example.ORG", null, null,
                false));

        assertThat(outcome.to()).isEqualTo(new EmailAddress("Demo@Example.ORG"));
        verify(guard).admit(eq(SendOrigin.api()), any(), eq(new EmailAddress("Demo@Example.ORG")), any());
        assertThat(new EmailAddress("Demo@Example.ORG").limitKey()).isEqualTo("demo@example.org");
    }

    private StoredPin storedPin(Instant sentAt, String channel, int attempts) {
        PinState state = new PinState("pin-1", HASHER.hash("pin-1", "123456"), PinType.NUMERIC, "41793026727", sentAt,
                sentAt.plus(Duration.ofMinutes(15)), attempts, true, false, null, false);
        return new StoredPin("realm-1", "app-1", "msg-1", channel, "kid-1", state, sentAt.toEpochMilli(), "ACCEPTED");
    }

    /** The PIN's row: what a verify's compare-and-set and the locking way read and write. */
    private final java.util.concurrent.atomic.AtomicReference<StoredPin> row = new java.util.concurrent.atomic.AtomicReference<>();

    /** The PIN as every read finds it, and a store that replaces its state only if it is still the one expected. */
    private void stored(StoredPin pin) {
        stored(pin, pin);
    }

    /**
     * The PIN as a verify's unlocked read finds it ({@code read}) while the row holds {@code now}
     * (another verify changed it in between when they differ).
     */
    private void stored(StoredPin read, StoredPin now) {
        row.set(now);
        when(records.find("realm-1", read.pinId())).thenReturn(Optional.of(read));
        when(records.read("realm-1", read.pinId())).thenReturn(Optional.of(read));
        when(records.lock("realm-1", read.pinId())).thenAnswer(call -> Optional.of(row.get()));
        when(records.replaceState(any(), any())).thenAnswer(call -> {
            if (!row.get().equals(call.getArgument(0))) {
                return false;
            }
            row.set(call.getArgument(1));
            return true;
        });
        doAnswer(call -> {
            row.set(call.getArgument(0));
            return null;
        }).when(records).update(any());
    }

    @Test
    void an_unknown_pin_is_not_found() {
        when(records.find("realm-1", "pin-9")).thenReturn(Optional.empty());
        when(records.read("realm-1", "pin-9")).thenReturn(Optional.empty());
        when(records.lock("realm-1", "pin-9")).thenReturn(Optional.empty());

        assertThat(refusal(() -> service.verify("pin-9", "123456"))).isEqualTo(new Refusal.PinNotFound("pin-9"));
        assertThat(refusal(() -> service.resend("x".repeat(37), Channel.SMS, Map.of()))).isInstanceOf(Refusal.PinNotFound.class);
    }

    @Test
    void an_expired_pin_is_gone_for_a_resend() {
        stored(storedPin(NOW.minus(Duration.ofHours(1)), "SMS", 3));

        assertThat(refusal(() -> service.resend("pin-1", Channel.SMS, Map.of()))).isEqualTo(new Refusal.PinGone("pin-1"));
        verifyNoInteractions(limiter, guard);
    }

    @Test
    void a_pin_sent_by_sms_is_not_resent_by_email() {
        stored(storedPin(NOW, "SMS", 3));

        Refusal refusal = refusal(() -> service.resend("pin-1", Channel.EMAIL, Map.of()));

        assertThat(((Refusal.InvalidInput) refusal).errors().asMap()).containsKey("pinId");
    }

    @Test
    void a_used_up_verify_limit_is_rate_limited_and_changes_nothing() {
        StoredPin pin = storedPin(NOW, "SMS", 3);
        stored(pin);
        when(limiter.tryAcquireAllIfReady(any(), any())).thenReturn(Optional.of(LimitDecision.refuse(Duration.ofSeconds(9))));

        assertThat(refusal(() -> service.verify("pin-1", "000000")))
                .isEqualTo(new RateLimited(Duration.ofSeconds(9), RateLimited.Limit.VERIFY));
        // Written by compare-and-set before the limit was asked (which locked the row), then put back.
        org.mockito.InOrder order = org.mockito.Mockito.inOrder(records, limiter);
        order.verify(records).replaceState(eq(pin), any());
        order.verify(limiter).tryAcquireAllIfReady(any(), any());
        order.verify(records).replaceState(any(), eq(pin));
        assertThat(row.get()).isEqualTo(pin);
        verify(records, never()).update(any());
    }

    @Test
    void a_verify_takes_no_lock_to_read_the_pin_and_writes_it_by_compare_and_set() {
        stored(storedPin(NOW, "SMS", 3));

        PinService.VerifyOutcome outcome = service.verify("pin-1", "000000");

        assertThat(outcome.result().attemptsRemaining()).isEqualTo(2);
        assertThat(row.get().state().attemptsRemaining()).isEqualTo(2);
        verify(records, never()).lock(any(), any());
        verify(records, never()).update(any());
    }

    @Test
    void a_pin_another_verify_changed_since_it_was_read_is_verified_again_under_its_row_lock() {
        StoredPin read = storedPin(NOW, "SMS", 3);
        StoredPin meanwhile = storedPin(NOW, "SMS", 2); // a wrong PIN came in between
        stored(read, meanwhile);

        PinService.VerifyOutcome outcome = service.verify("pin-1", "000000");

        assertThat(outcome.result().attemptsRemaining()).as("the attempt the other verify spent stays spent").isEqualTo(1);
        assertThat(row.get().state().attemptsRemaining()).isEqualTo(1);
        verify(records).lock("realm-1", "pin-1");
        verify(records).update(any());
    }

    @Test
    void a_pin_whose_verify_window_is_not_ready_is_still_checked_without_counting() {
        stored(storedPin(NOW, "SMS", 3));
        when(limiter.tryAcquireAllIfReady(any(), any())).thenReturn(Optional.empty());

        PinService.VerifyOutcome outcome = service.verify("pin-1", "123456");

        assertThat(outcome.result().verified()).isTrue();
        assertThat(row.get().state().verified()).isTrue();
    }

    @Test
    void a_pin_s_first_verification_counts_in_its_country_s_window_of_verified_pins() {
        StoredPin swiss = storedPin(NOW, "SMS", 3);
        swiss = new StoredPin(swiss.realmId(), swiss.applicationId(), swiss.messageId(), swiss.channel(), swiss.keyId(),
                swiss.state(), swiss.sentAt(), swiss.deliveryStatus(), "CH");
        stored(swiss);

        service.verify("pin-1", "123456");
        service.verify("pin-1", "654321"); // wrong: nothing more to count

        ArgumentCaptor<List<LimitedKey>> keys = listCaptor();
        verify(limiter, org.mockito.Mockito.times(2)).tryAcquireAllIfReady(eq(session), keys.capture());
        assertThat(keys.getAllValues().get(0)).extracting(LimitedKey::key) // one locking query for both windows
                .containsExactly(LimitKeys.verifyPerDestination("realm-1", "app-1", LimitKeys.digest("41793026727")),
                        "verifyok:realm-1:app-1:CH");
        assertThat(keys.getAllValues().get(1)).extracting(LimitedKey::key).doesNotContain("verifyok:realm-1:app-1:CH");
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static ArgumentCaptor<List<LimitedKey>> listCaptor() {
        return (ArgumentCaptor) ArgumentCaptor.forClass(List.class);
    }

    @Test
    void the_verify_limit_counts_per_application_and_destination() {
        stored(storedPin(NOW, "SMS", 3));

        service.verify("pin-1", "123456");

        ArgumentCaptor<List<LimitedKey>> keys = listCaptor();
        verify(limiter).tryAcquireAllIfReady(eq(session), keys.capture());
        assertThat(keys.getValue()).extracting(LimitedKey::key)
                .containsExactly(LimitKeys.verifyPerDestination("realm-1", "app-1", LimitKeys.digest("41793026727")));
    }

    @Test
    void the_right_pin_verifies_and_the_store_is_told() {
        stored(storedPin(NOW, "SMS", 3));

        PinService.VerifyOutcome outcome = service.verify("pin-1", "123456");

        assertThat(outcome.result().verified()).isTrue();
        assertThat(row.get().state().verified()).isTrue();
        assertThat(row.get().state().verifiedAt()).isEqualTo(NOW);
    }

    @Test
    void when_the_key_is_gone_no_pin_matches_but_the_attempt_counts_and_the_hash_stays() {
        StoredPin pin = storedPin(NOW, "SMS", 3);
        stored(pin);
        when(hashers.forKey("kid-1")).thenReturn(null);

        PinService.VerifyOutcome outcome = service.verify("pin-1", "123456");

        assertThat(outcome.result().pinError()).isEqualTo(PinError.WRONG_PIN);
        assertThat(row.get().state().attemptsRemaining()).isEqualTo(2);
        assertThat(row.get().state().pinHash()).isEqualTo(pin.state().pinHash());
    }

    @Test
    void a_pin_that_is_no_pin_is_invalid_input() {
        assertThat(refusal(() -> service.verify("pin-1", null))).isInstanceOf(Refusal.InvalidInput.class);
        assertThat(refusal(() -> service.verify("pin-1", "1".repeat(65)))).isInstanceOf(Refusal.InvalidInput.class);
        verifyNoInteractions(records);
    }
}
