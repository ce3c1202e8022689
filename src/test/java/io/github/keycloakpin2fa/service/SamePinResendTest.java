package io.github.keycloakpin2fa.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.github.keycloakpin2fa.delivery.Channel;
import io.github.keycloakpin2fa.delivery.DeliveryResult;
import io.github.keycloakpin2fa.delivery.OutgoingMessage;
import io.github.keycloakpin2fa.delivery.PinDeliveryProvider;
import io.github.keycloakpin2fa.delivery.lookup.NumberLookupProvider;
import io.github.keycloakpin2fa.delivery.lookup.Reachability;
import io.github.keycloakpin2fa.engine.application.Application;
import io.github.keycloakpin2fa.engine.application.ApplicationConfiguration;
import io.github.keycloakpin2fa.engine.guard.SendPurpose;
import io.github.keycloakpin2fa.engine.limit.LimitDecision;
import io.github.keycloakpin2fa.engine.template.MessageTemplate;
import io.github.keycloakpin2fa.engine.template.PinType;
import io.github.keycloakpin2fa.engine.verification.PinError;
import io.github.keycloakpin2fa.engine.verification.PinState;
import io.github.keycloakpin2fa.service.PinService.SendCommand;
import io.github.keycloakpin2fa.service.PinService.SendOutcome;
import io.github.keycloakpin2fa.storage.cache.InMemorySingleUseObjects;
import io.github.keycloakpin2fa.storage.cache.SealedPinStore;
import io.github.keycloakpin2fa.storage.cache.SessionPins;
import io.github.keycloakpin2fa.storage.jpa.JpaRateLimiter;
import io.github.keycloakpin2fa.storage.jpa.StoredPin;
import io.github.keycloakpin2fa.storage.jpa.PinRecordStore;
import io.github.keycloakpin2fa.storage.realm.RealmPinConfig;
import io.github.keycloakpin2fa.storage.realm.StoredApplication;
import io.github.keycloakpin2fa.storage.realm.StoredTemplate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.crypto.Algorithm;
import org.keycloak.crypto.KeyUse;
import org.keycloak.crypto.KeyWrapper;
import org.keycloak.models.KeyManager;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * The service's resend semantics over mocked stores: the same PIN goes out again, sealed in the
 * cache while it can be verified and destroyed as soon as it cannot; a number found not reachable
 * costs nothing.
 */
class SamePinResendTest {

    private static final String APP = "APP1";
    private static final String MSG = "MSG1";

    private final KeycloakSession session = mock(KeycloakSession.class);
    private final RealmModel realm = mock(RealmModel.class);
    private final RealmPinConfig config = mock(RealmPinConfig.class);
    private final PinRecordStore records = mock(PinRecordStore.class);
    private final JpaRateLimiter limiter = mock(JpaRateLimiter.class);
    private final SealedPinStore sealed = mock(SealedPinStore.class);
    private final Map<String, StoredPin> stored = new HashMap<>();
    private final Map<String, SealedPinStore.Entry> cache = new HashMap<>();
    private final List<OutgoingMessage> delivered = new ArrayList<>();
    private PinService service;

    @BeforeEach
    void aRealmWithOneApplicationAndTemplate() throws Exception {
        when(realm.getId()).thenReturn("realm-1");
        when(realm.getName()).thenReturn("shop");
        KeyManager keys = mock(KeyManager.class);
        when(session.keys()).thenReturn(keys);
        KeyWrapper key = new KeyWrapper();
        key.setKid("kid-1");
        key.setSecretKey(new SecretKeySpec(new byte[64], "HmacSHA512"));
        when(keys.getActiveKey(realm, KeyUse.SIG, Algorithm.HS512)).thenReturn(key);
        when(keys.getKey(realm, "kid-1", KeyUse.SIG, Algorithm.HS512)).thenReturn(key);

        ApplicationConfiguration c = ApplicationConfiguration.DEFAULTS;
        when(config.application(APP)).thenReturn(Optional.of(new StoredApplication(APP, new Application("app", true, c), "P")));
        when(config.template(APP, MSG)).thenReturn(Optional.of(new StoredTemplate.Message(MSG, APP,
                new MessageTemplate(PinType.NUMERIC, 6, "Code {{pin}}", "Shop", null, null, null, 1.0, null))));

        doAnswer(i -> stored.put(((StoredPin) i.getArgument(1)).pinId(), i.getArgument(1))).when(records).addIn(any(), any());
        doAnswer(i -> stored.put(((StoredPin) i.getArgument(0)).pinId(), i.getArgument(0))).when(records).update(any());
        when(records.lock(eq("realm-1"), any())).thenAnswer(i -> Optional.ofNullable(stored.get(i.getArgument(1))));
        when(records.find(eq("realm-1"), any())).thenAnswer(i -> Optional.ofNullable(stored.get(i.getArgument(1))));
        when(records.read(eq("realm-1"), any())).thenAnswer(i -> Optional.ofNullable(stored.get(i.getArgument(1))));
        when(records.replaceState(any(), any())).thenAnswer(i -> stored.replace(((StoredPin) i.getArgument(0)).pinId(),
                i.getArgument(0), i.getArgument(1)));
        // The budgets' transaction reads the account's wrong PINs: none. The session's entity
        // manager names the table.
        jakarta.persistence.EntityManager em = mock(jakarta.persistence.EntityManager.class);
        org.keycloak.connections.jpa.JpaConnectionProvider jpa = mock(org.keycloak.connections.jpa.JpaConnectionProvider.class);
        when(jpa.getEntityManager()).thenReturn(em);
        when(session.getProvider(org.keycloak.connections.jpa.JpaConnectionProvider.class)).thenReturn(jpa);
        java.sql.Connection budgetsTransaction = mock(java.sql.Connection.class);
        try {
            io.github.keycloakpin2fa.storage.jpa.TransactionConnection.of(em, io.github.keycloakpin2fa.storage.jpa.PinFailureEntity.class,
                    "PIN2FA_PIN_FAILURES");
            java.sql.PreparedStatement read = mock(java.sql.PreparedStatement.class);
            when(budgetsTransaction.prepareStatement(anyString())).thenReturn(read);
            when(read.executeQuery()).thenAnswer(i -> mock(java.sql.ResultSet.class));
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        // The budgets' transaction admits, and writes what the send gives it (its PIN record).
        when(limiter.admit(anyList(), anyList(), anyLong(), any(), any())).thenAnswer(i -> {
            i.<JpaRateLimiter.AlsoWritten>getArgument(4).write(budgetsTransaction);
            return new JpaRateLimiter.Admission(new JpaRateLimiter.Verdict(LimitDecision.allow(), null), 0, 0, false);
        });
        when(limiter.tryAcquireAllIfReady(eq(session), any())).thenReturn(Optional.of(LimitDecision.allow()));
        doAnswer(i -> cache.put(i.getArgument(1), i.getArgument(2))).when(sealed).put(eq("realm-1"), any(), any(), any());
        when(sealed.get(eq("realm-1"), any())).thenAnswer(i -> Optional.ofNullable(cache.get(i.getArgument(1))));
        doAnswer(i -> cache.remove(i.getArgument(1))).when(sealed).remove(eq("realm-1"), any());

        org.keycloak.models.SingleUseObjectProvider singleUse = mock(org.keycloak.models.SingleUseObjectProvider.class);
        when(singleUse.putIfAbsent(any(), anyLong())).thenReturn(true); // the login session's budget has room
        when(session.singleUseObjects()).thenReturn(singleUse);
        KeycloakSessionFactory factory = mock(KeycloakSessionFactory.class);
        when(session.getKeycloakSessionFactory()).thenReturn(factory);
        when(realm.getAttribute("pin2fa.delivery.sms")).thenReturn("capture");
        when(realm.getAttribute("pin2fa.delivery.voice")).thenReturn("capture");
        doAnswer(i -> mock(ProviderFactory.class)).when(factory).getProviderFactory(PinDeliveryProvider.class, "capture");
        PinDeliveryProvider capture = new PinDeliveryProvider() {
            @Override
            public DeliveryResult deliver(OutgoingMessage message) {
                delivered.add(message);
                return DeliveryResult.accepted("id-" + delivered.size());
            }

            @Override
            public void close() {
            }
        };
        when(session.getProvider(PinDeliveryProvider.class, "capture")).thenReturn(capture);
        NumberLookupProvider lookup = msisdn -> Reachability.UNKNOWN;
        when(session.getProvider(NumberLookupProvider.class, "libphonenumber")).thenReturn(lookup);

        // The short transactions of their own work on the same mocked store.
        PinService.OwnTransactions sameStore = new PinService.OwnTransactions() {
            @Override
            public <T> T run(Function<PinRecordStore, T> work) {
                return work.apply(records);
            }
        };
        Clock clock = io.github.keycloakpin2fa.storage.ServerClock.INSTANCE;
        service = new PinService(session, realm, clock, config, records, limiter, new RealmPinHasher(session, realm),
                new SendGuard(session, realm, limiter, clock), sealed, sameStore);
    }

    private SendOutcome sendSms(String to, boolean lookup) {
        return service.send(new SendCommand(Channel.SMS, APP, MSG, to, null, Map.of(), lookup));
    }

    @Test
    void a_send_seals_the_pin_for_its_time_to_live_and_a_resend_sends_the_same_pin() {
        SendOutcome sent = sendSms("41793026727", false);
        String pin = delivered.get(0).pin();

        verify(sealed).put(eq("realm-1"), eq(sent.pinId()), any(), eq(Duration.ofMinutes(15)));
        assertThat(cache.get(sent.pinId()).sealed()).doesNotContain(pin);
        String hash = stored.get(sent.pinId()).state().pinHash();
        SendOutcome resent = service.resend(sent.pinId(), Channel.VOICE, Map.of());

        assertThat(resent.pinId()).isEqualTo(sent.pinId());
        assertThat(delivered).hasSize(2);
        assertThat(delivered.get(1).channel()).isEqualTo(Channel.VOICE);
        assertThat(delivered.get(1).pin()).as("the same PIN, read out").isEqualTo(pin);
        assertThat(stored.get(sent.pinId()).state().attemptsRemaining()).isEqualTo(10);
        assertThat(stored.get(sent.pinId()).state().pinHash()).as("no new PIN was issued").isEqualTo(hash);
        assertThat(stored.get(sent.pinId()).channel()).isEqualTo("VOICE");
        verify(limiter, times(2)).admit(anyList(), anyList(), anyLong(), any(), any()); // the send guard's budgets, send and resend
        assertThat(service.verify(sent.pinId(), pin).result().verified()).as("the first PIN verifies").isTrue();
    }

    @Test
    void a_resend_the_send_guard_refuses_sends_nothing() {
        SendOutcome sent = sendSms("41793026727", false);
        doReturn(new JpaRateLimiter.Admission(new JpaRateLimiter.Verdict(LimitDecision.refuse(Duration.ofSeconds(30)), null), 0, 0, false))
                .when(limiter).admit(anyList(), anyList(), anyLong(), any(), any());

        assertThatThrownBy(() -> service.resend(sent.pinId(), Channel.SMS, Map.of()))
                .isInstanceOfSatisfying(RefusedException.class, e -> assertThat(e.refusal()).isInstanceOf(Refusal.RateLimited.class));
        assertThat(delivered).hasSize(1);
        assertThat(cache).as("the PIN can still be resent later").containsKey(sent.pinId());
    }

    @Test
    void a_login_resend_by_sms_looks_nothing_up() {
        SendOutcome sent = service.send(new SendCommand(Channel.SMS, APP, MSG, "41793026727", null, Map.of(), false),
                new SendOrigin(SendPurpose.LOGIN, "user-1", "session-1", "192.0.2.1"));

        SendOutcome resent = service.resend(sent.pinId(), Channel.SMS, Map.of(),
                new SendOrigin(SendPurpose.LOGIN, "user-1", "session-1", "192.0.2.1"));

        assertThat(resent.ncStatus()).isNull();
        assertThat(delivered).extracting(OutgoingMessage::pin).containsExactly(delivered.get(0).pin(), delivered.get(0).pin());
        verify(session, never()).getProvider(NumberLookupProvider.class, "libphonenumber");
    }

    @Test
    void a_resend_by_sms_answers_the_sends_lookup_or_looks_up_once_and_keeps_it() {
        SendOutcome looked = sendSms("41793026727", true);
        assertThat(looked.ncStatus()).isEqualTo(NcStatus.NC_DESTINATION_UNKNOWN);
        assertThat(service.resend(looked.pinId(), Channel.SMS, Map.of()).ncStatus()).isEqualTo(NcStatus.NC_DESTINATION_UNKNOWN);

        SendOutcome notLooked = sendSms("41793026728", false);
        assertThat(notLooked.ncStatus()).isNull();
        assertThat(service.resend(notLooked.pinId(), Channel.SMS, Map.of()).ncStatus()).isEqualTo(NcStatus.NC_DESTINATION_UNKNOWN);
        assertThat(cache.get(notLooked.pinId()).ncStatus()).as("kept for the next resend").isEqualTo("NC_DESTINATION_UNKNOWN");
        assertThat(service.resend(notLooked.pinId(), Channel.VOICE, Map.of()).ncStatus()).as("voice answers none").isNull();
    }

    @Test
    void the_resend_uses_the_sender_the_send_named() {
        SendOutcome sent = service.send(new SendCommand(Channel.SMS, APP, MSG, "41793026727", "InfoSMS", Map.of(), false));
        service.resend(sent.pinId(), Channel.SMS, Map.of());

        assertThat(delivered).extracting(OutgoingMessage::from).containsExactly("InfoSMS", "InfoSMS");
        assertThat(delivered).extracting(OutgoingMessage::templateSender).containsExactly("Shop", "Shop");
    }

    @Test
    void verifying_destroys_the_sealed_pin_and_a_verified_pin_is_not_resent() {
        SendOutcome sent = sendSms("41793026727", false);
        service.verify(sent.pinId(), delivered.get(0).pin());

        verify(sealed).remove("realm-1", sent.pinId());
        assertThatThrownBy(() -> service.resend(sent.pinId(), Channel.SMS, Map.of()))
                .isInstanceOfSatisfying(RefusedException.class, e -> assertThat(e.refusal())
                        .isEqualTo(new Refusal.PinGone(sent.pinId(), Refusal.PinGone.Why.VERIFIED)));
        assertThat(delivered).hasSize(1);
    }

    @Test
    void a_pin_verified_again_is_answered_without_a_write_and_still_counts_in_the_verify_limit() {
        SendOutcome sent = sendSms("41793026727", false); // its application allows more than one verification
        String pin = delivered.get(0).pin();
        service.verify(sent.pinId(), pin);
        StoredPin verified = stored.get(sent.pinId());

        PinService.VerifyOutcome again = service.verify(sent.pinId(), pin);

        assertThat(again.result().verified()).isTrue();
        assertThat(stored.get(sent.pinId())).isSameAs(verified);
        verify(records, times(1)).replaceState(any(), any()); // the first verification's, no second
        verify(records, never()).update(any());
        verify(limiter, times(2)).tryAcquireAllIfReady(eq(session), any());
        verify(sealed, times(1)).remove("realm-1", sent.pinId());
    }

    @Test
    void an_expired_pin_s_verify_writes_nothing_and_drops_its_sealed_copy() {
        SendOutcome sent = sendSms("41793026727", false);
        StoredPin pin = stored.get(sent.pinId());
        PinState s = pin.state();
        java.time.Instant sentAt = java.time.Instant.now().minus(Duration.ofMinutes(20));
        StoredPin expired = new StoredPin(pin.realmId(), pin.applicationId(), pin.messageId(), pin.channel(), pin.keyId(),
                new PinState(s.pinId(), s.pinHash(), s.pinType(), s.destination(), sentAt, sentAt.plus(Duration.ofMinutes(15)),
                        s.attemptsRemaining(), s.allowMultiplePinVerifications(), false, null, false),
                pin.sentAt(), pin.deliveryStatus(), pin.region());
        stored.put(sent.pinId(), expired);

        PinService.VerifyOutcome outcome = service.verify(sent.pinId(), delivered.get(0).pin());

        assertThat(outcome.result().pinError()).isEqualTo(PinError.TTL_EXPIRED);
        assertThat(stored.get(sent.pinId())).isSameAs(expired);
        verify(records, never()).replaceState(any(), any());
        verify(sealed).remove("realm-1", sent.pinId());
    }

    @Test
    void a_wrong_pin_keeps_the_sealed_pin_until_the_last_attempt() {
        SendOutcome sent = sendSms("41793026727", false);
        String wrong = delivered.get(0).pin().equals("000000") ? "000001" : "000000";

        for (int i = 0; i < 9; i++) {
            service.verify(sent.pinId(), wrong);
        }
        verify(sealed, never()).remove(any(), any());
        service.verify(sent.pinId(), wrong);

        verify(sealed).remove("realm-1", sent.pinId());
        assertThatThrownBy(() -> service.resend(sent.pinId(), Channel.SMS, Map.of()))
                .isInstanceOfSatisfying(RefusedException.class, e -> assertThat(e.refusal())
                        .isEqualTo(new Refusal.PinGone(sent.pinId(), Refusal.PinGone.Why.EXPIRED_OR_USED_UP)));
    }

    @Test
    void a_pin_whose_sealed_copy_is_gone_or_does_not_open_is_not_resent() {
        SendOutcome sent = sendSms("41793026727", false);
        SendOutcome other = sendSms("41793026728", false);
        cache.put(sent.pinId(), cache.get(other.pinId())); // sealed for another PIN id: does not open

        assertThatThrownBy(() -> service.resend(sent.pinId(), Channel.SMS, Map.of()))
                .isInstanceOfSatisfying(RefusedException.class, e -> assertThat(e.refusal())
                        .isEqualTo(new Refusal.PinGone(sent.pinId(), Refusal.PinGone.Why.NOT_RECOVERABLE)));
        assertThat(cache).doesNotContainKey(sent.pinId());
        assertThatThrownBy(() -> service.resend(sent.pinId(), Channel.SMS, Map.of()))
                .isInstanceOfSatisfying(RefusedException.class, e -> assertThat(e.refusal())
                        .isEqualTo(new Refusal.PinGone(sent.pinId(), Refusal.PinGone.Why.NOT_RECOVERABLE)));
        assertThat(delivered).hasSize(2);
    }

    @Test
    void a_number_found_not_reachable_gets_no_pin_no_record_and_spends_no_limit() {
        SendOutcome sent = sendSms("99912345678", true);

        assertThat(sent.pinId()).isNull();
        assertThat(sent.ncStatus()).isEqualTo(NcStatus.NC_DESTINATION_NOT_REACHABLE);
        assertThat(delivered).isEmpty();
        assertThat(stored).isEmpty();
        assertThat(cache).isEmpty();
        verify(limiter, never()).admit(anyList(), anyList(), anyLong(), any(), any());
    }

    // A login's PIN, kept by its authentication session (SessionPins) instead of a PIN record.

    private static final SendOrigin LOGIN = new SendOrigin(SendPurpose.LOGIN, "user-1", "session-1", "192.0.2.1");
    private final Map<String, String> authNotes = new HashMap<>();
    private final InMemorySingleUseObjects singleUse = new InMemorySingleUseObjects();

    private SessionPins loginSession() {
        when(session.singleUseObjects()).thenReturn(singleUse);
        AuthenticationSessionModel authSession = mock(AuthenticationSessionModel.class);
        when(authSession.getRealm()).thenReturn(realm);
        when(authSession.getAuthNote(anyString())).thenAnswer(i -> authNotes.get(i.<String>getArgument(0)));
        doAnswer(i -> authNotes.put(i.getArgument(0), i.getArgument(1))).when(authSession).setAuthNote(anyString(), anyString());
        doAnswer(i -> authNotes.remove(i.<String>getArgument(0))).when(authSession).removeAuthNote(anyString());
        return new SessionPins(authSession, singleUse, "pin2fa.login.", io.github.keycloakpin2fa.storage.ServerClock.INSTANCE);
    }

    private SendOutcome sendHeld(SessionPins held) {
        return service.send(new SendCommand(Channel.SMS, APP, MSG, "41793026727", null, Map.of(), false), LOGIN, held);
    }

    private String wrong() {
        return delivered.get(0).pin().equals("000000") ? "000001" : "000000";
    }

    @Test
    void a_login_pin_is_kept_by_its_session_with_no_record_and_no_sealed_copy_apart() {
        SessionPins held = loginSession();

        SendOutcome sent = sendHeld(held);

        assertThat(stored).as("no PIN record").isEmpty();
        assertThat(cache).as("no sealed copy in the cache").isEmpty();
        verify(limiter).admit(anyList(), anyList(), anyLong(), any(), any()); // its budgets were spent all the same
        assertThat(authNotes.values()).as("the PIN itself is in no note").doesNotContain(delivered.get(0).pin());
        assertThat(held.read(sent.pinId()).orElseThrow().pin().state().attemptsRemaining()).isEqualTo(10);
        assertThat(service.verify(sent.pinId(), delivered.get(0).pin(), held).result().verified()).isTrue();
        assertThat(held.read(sent.pinId()).orElseThrow().pin().state().verified()).isTrue();
        assertThat(singleUse.entries).containsKey("pin2fa.pin-claim:" + sent.pinId() + ":verified");
        assertThatThrownBy(() -> service.verify(sent.pinId(), delivered.get(0).pin()))
                .as("not a PIN of the API").isInstanceOfSatisfying(RefusedException.class,
                        e -> assertThat(e.refusal()).isEqualTo(new Refusal.PinNotFound(sent.pinId())));
    }

    @Test
    void a_login_pin_resends_the_same_pin_through_the_send_guard_and_keeps_its_attempts() {
        SessionPins held = loginSession();
        SendOutcome sent = sendHeld(held);
        service.verify(sent.pinId(), wrong(), held);

        SendOutcome resent = service.resend(sent.pinId(), Channel.VOICE, LOGIN, held);

        assertThat(resent.pinId()).isEqualTo(sent.pinId());
        assertThat(delivered).extracting(OutgoingMessage::pin).containsExactly(delivered.get(0).pin(), delivered.get(0).pin());
        assertThat(delivered.get(1).channel()).isEqualTo(Channel.VOICE);
        verify(limiter, times(2)).admit(anyList(), anyList(), anyLong(), any(), any());
        SessionPins.Held now = held.read(sent.pinId()).orElseThrow();
        assertThat(now.pin().channel()).isEqualTo("VOICE");
        assertThat(now.pin().state().attemptsRemaining()).as("a resend restores no attempt").isEqualTo(9);
        assertThatThrownBy(() -> service.resend("another-pin", Channel.SMS, LOGIN, held))
                .isInstanceOfSatisfying(RefusedException.class, e -> assertThat(e.refusal()).isInstanceOf(Refusal.PinNotFound.class));
    }

    @Test
    void a_used_up_login_pin_loses_its_sealed_copy_at_the_last_attempt_and_is_not_resent() {
        SessionPins held = loginSession();
        SendOutcome sent = sendHeld(held);
        for (int i = 0; i < 9; i++) {
            service.verify(sent.pinId(), wrong(), held);
        }
        assertThat(held.read(sent.pinId()).orElseThrow().sealed()).isNotNull();
        service.verify(sent.pinId(), wrong(), held);
        assertThat(held.read(sent.pinId()).orElseThrow().sealed()).as("destroyed once it cannot be verified").isNull();

        assertThatThrownBy(() -> service.resend(sent.pinId(), Channel.SMS, LOGIN, held))
                .isInstanceOfSatisfying(RefusedException.class, e -> assertThat(e.refusal())
                        .isEqualTo(new Refusal.PinGone(sent.pinId(), Refusal.PinGone.Why.EXPIRED_OR_USED_UP)));
        assertThat(delivered).hasSize(1);
    }

    @Test
    void a_login_verify_the_verify_limit_refuses_spends_no_attempt() {
        SessionPins held = loginSession();
        SendOutcome sent = sendHeld(held);
        when(limiter.tryAcquireAllIfReady(eq(session), any())).thenReturn(Optional.of(LimitDecision.refuse(Duration.ofSeconds(3))));

        assertThatThrownBy(() -> service.verify(sent.pinId(), wrong(), held))
                .isInstanceOfSatisfying(RefusedException.class, e -> assertThat(e.refusal()).isInstanceOf(Refusal.RateLimited.class));
        assertThat(held.read(sent.pinId()).orElseThrow().pin().state().attemptsRemaining()).isEqualTo(10);
        assertThat(singleUse.entries.keySet()).noneMatch(k -> k.startsWith("pin2fa.pin-claim:"));
    }

    @Test
    void a_login_verify_that_another_verify_overtook_checks_again_and_counts_once() {
        SessionPins held = loginSession();
        SendOutcome sent = sendHeld(held);
        // Another node's verify claims the first attempt between this verify's read and its claim.
        String first = "pin2fa.pin-claim:" + sent.pinId() + ":attempt:1";
        InMemorySingleUseObjects racing = new InMemorySingleUseObjects() {
            @Override
            public boolean putIfAbsent(String key, long lifespanSeconds) {
                if (key.equals(first) && !entries.containsKey(key)) {
                    super.putIfAbsent(key, lifespanSeconds);
                    return false;
                }
                return super.putIfAbsent(key, lifespanSeconds);
            }
        };
        AuthenticationSessionModel authSession = mock(AuthenticationSessionModel.class);
        when(authSession.getRealm()).thenReturn(realm);
        when(authSession.getAuthNote(anyString())).thenAnswer(i -> authNotes.get(i.<String>getArgument(0)));
        doAnswer(i -> authNotes.put(i.getArgument(0), i.getArgument(1))).when(authSession).setAuthNote(anyString(), anyString());
        SessionPins raced = new SessionPins(authSession, racing, "pin2fa.login.", io.github.keycloakpin2fa.storage.ServerClock.INSTANCE);

        PinService.VerifyOutcome outcome = service.verify(sent.pinId(), wrong(), raced);

        assertThat(outcome.result().attemptsRemaining()).as("the other verify's attempt stays spent").isEqualTo(8);
        assertThat(racing.entries).containsKeys(first, "pin2fa.pin-claim:" + sent.pinId() + ":attempt:2");
        verify(limiter, times(1)).tryAcquireAllIfReady(eq(session), any());
    }
}
