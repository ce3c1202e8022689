package io.github.keycloakpin2fa.storage.jpa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.github.keycloakpin2fa.engine.application.ApplicationConfiguration;
import io.github.keycloakpin2fa.engine.template.PinType;
import io.github.keycloakpin2fa.engine.verification.PinState;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.mockito.ArgumentCaptor;

/** The store's mapping between the engine's PIN state and the table's row. */
class PinRecordStoreTest {

    private static final Instant NOW = Instant.parse("2026-01-01T10:00:00Z");

    private final EntityManager em = mock(EntityManager.class);
    private PinRecordStore store;

    @BeforeEach
    void setUp() {
        KeycloakSession session = mock(KeycloakSession.class);
        JpaConnectionProvider jpa = mock(JpaConnectionProvider.class);
        when(session.getProvider(JpaConnectionProvider.class)).thenReturn(jpa);
        when(jpa.getEntityManager()).thenReturn(em);
        store = new PinRecordStore(session);
    }

    private static StoredPin pin() {
        PinState state = PinState.issue("pin-1", "hash", PinType.NUMERIC, "41793026727", ApplicationConfiguration.DEFAULTS, NOW);
        return new StoredPin("realm-1", "app-1", "msg-1", "SMS", "kid-1", state, null, null);
    }

    @Test
    void a_new_pin_is_stored_with_its_key_id_and_purged_a_day_after_it_expires() {
        StoredPin pin = pin();

        store.add(pin);

        ArgumentCaptor<PinRecordEntity> row = ArgumentCaptor.forClass(PinRecordEntity.class);
        verify(em).persist(row.capture());
        PinRecordEntity r = row.getValue();
        assertThat(r.getPinHash()).isEqualTo("kid-1.hash");
        assertThat(r.getDestination()).isEqualTo("41793026727");
        assertThat(r.getChannel()).isEqualTo("SMS");
        assertThat(r.getExpiresAt()).isEqualTo(pin.state().expiresAt().toEpochMilli());
        assertThat(r.getPurgeAt()).isEqualTo(pin.state().expiresAt().plus(PinRecordStore.retentionAfterExpiry()).toEpochMilli());
        assertThat(r.getSentAt()).isNull();
    }

    @Test
    void a_row_reads_back_as_the_same_pin() {
        StoredPin pin = pin().delivered(NOW.toEpochMilli(), "ACCEPTED");
        PinRecordEntity row = new PinRecordEntity();
        row.setId("pin-1");
        row.setRealmId("realm-1");
        row.setApplicationId("app-1");
        row.setMessageId("msg-1");
        row.setDestination("41793026727");
        row.setPinType("NUMERIC");
        row.setCreatedAt(pin.state().sentAt().toEpochMilli());
        row.setExpiresAt(pin.state().expiresAt().toEpochMilli());
        row.setAllowMultipleVerifications(pin.state().allowMultiplePinVerifications());
        PinRecordStore.write(pin, row);

        assertThat(PinRecordStore.read(row)).isEqualTo(pin);
    }

    @Test
    void a_hash_without_key_id_reads_as_one_whose_key_is_unknown() {
        PinRecordEntity row = new PinRecordEntity();
        StoredPin keyless = new StoredPin("realm-1", "app-1", "msg-1", "SMS", null, pin().state(), null, null);
        row.setId("pin-1");
        row.setRealmId("realm-1");
        row.setApplicationId("app-1");
        row.setMessageId("msg-1");
        row.setDestination("41793026727");
        row.setPinType("NUMERIC");
        row.setCreatedAt(keyless.state().sentAt().toEpochMilli());
        row.setExpiresAt(keyless.state().expiresAt().toEpochMilli());
        row.setAllowMultipleVerifications(keyless.state().allowMultiplePinVerifications());
        PinRecordStore.write(keyless, row);

        assertThat(row.getPinHash()).isEqualTo("hash");
        assertThat(PinRecordStore.read(row).keyId()).isNull();
        assertThat(PinRecordStore.read(row).state().pinHash()).isEqualTo("hash");
    }

    @Test
    void another_realms_pin_is_not_found() {
        PinRecordEntity row = new PinRecordEntity();
        row.setRealmId("realm-2");
        when(em.find(eq(PinRecordEntity.class), eq("pin-1"), any(LockModeType.class))).thenReturn(row);

        assertThat(store.lock("realm-1", "pin-1")).isEmpty();
    }

    @Test
    void an_update_writes_the_verification_onto_the_locked_row() {
        StoredPin pin = pin();
        PinRecordEntity row = new PinRecordEntity();
        row.setRealmId("realm-1");
        when(em.find(PinRecordEntity.class, "pin-1")).thenReturn(row);
        PinState s = pin.state();
        PinState verified = new PinState(s.pinId(), s.pinHash(), s.pinType(), s.destination(), s.sentAt(), s.expiresAt(), 0,
                false, true, NOW.plusSeconds(5), true);

        store.update(pin.withState(verified));

        assertThat(row.isVerified()).isTrue();
        assertThat(row.getVerifiedAt()).isEqualTo(NOW.plusSeconds(5).toEpochMilli());
        assertThat(row.isConsumed()).isTrue();
        assertThat(row.getAttemptsRemaining()).isZero();
    }

    @Test
    void updating_a_pin_that_is_not_there_fails_loudly() {
        assertThatThrownBy(() -> store.update(pin())).isInstanceOf(IllegalStateException.class);
    }
}
