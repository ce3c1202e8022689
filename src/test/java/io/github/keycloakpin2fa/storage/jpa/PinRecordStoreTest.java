package io.github.keycloakpin2fa.storage.jpa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
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
    void a_new_pin_is_inserted_with_its_key_id_and_purged_a_day_after_it_expires() throws Exception {
        StoredPin pin = new StoredPin("realm-1", "app-1", "msg-1", "SMS", "kid-1", pin().state(), null, null, "CH");
        java.sql.PreparedStatement insert = mock(java.sql.PreparedStatement.class);
        when(connection().prepareStatement(PinRecordStore.insertStatement("PIN2FA_PIN"))).thenReturn(insert);
        when(insert.executeUpdate()).thenReturn(1);

        store.add(pin);

        verify(insert).executeUpdate();
        verify(em, never()).persist(any());
        PinState s = pin.state();
        verify(insert).setString(column("ID"), "pin-1");
        verify(insert).setString(column("REALM_ID"), "realm-1");
        verify(insert).setString(column("APPLICATION_ID"), "app-1");
        verify(insert).setString(column("MESSAGE_ID"), "msg-1");
        verify(insert).setString(column("CHANNEL"), "SMS");
        verify(insert).setString(column("DESTINATION"), "41793026727");
        verify(insert).setString(column("PIN_HASH"), "kid-1.hash");
        verify(insert).setString(column("PIN_TYPE"), "NUMERIC");
        verify(insert).setLong(column("CREATED_AT"), s.sentAt().toEpochMilli());
        verify(insert).setNull(column("SENT_AT"), java.sql.Types.BIGINT); // not delivered yet
        verify(insert).setLong(column("EXPIRES_AT"), s.expiresAt().toEpochMilli());
        verify(insert).setInt(column("ATTEMPTS_REMAINING"), s.attemptsRemaining());
        verify(insert).setBoolean(column("ALLOW_MULTIPLE"), s.allowMultiplePinVerifications());
        verify(insert).setBoolean(column("VERIFIED"), false);
        verify(insert).setNull(column("VERIFIED_AT"), java.sql.Types.BIGINT);
        verify(insert).setBoolean(column("CONSUMED"), false);
        verify(insert).setString(column("DELIVERY_STATUS"), null);
        verify(insert).setLong(column("PURGE_AT"), s.expiresAt().plus(PinRecordStore.retentionAfterExpiry()).toEpochMilli());
        verify(insert).setString(column("REGION"), "CH");
    }

    /** The position of {@code name} among the insert's columns, as JDBC counts them. */
    private static int column(String name) {
        java.util.List<String> named = insertColumns();
        assertThat(named).contains(name);
        return named.indexOf(name) + 1;
    }

    /** The columns the insert names, in its order. */
    private static java.util.List<String> insertColumns() {
        String sql = PinRecordStore.insertStatement("PIN2FA_PIN");
        return java.util.Arrays.stream(sql.substring(sql.indexOf('(') + 1, sql.indexOf(')')).split(",")).map(String::trim).toList();
    }

    @Test
    void the_insert_names_every_column_of_the_entity_once() {
        java.util.Set<String> mapped = new java.util.TreeSet<>();
        for (java.lang.reflect.Field field : PinRecordEntity.class.getDeclaredFields()) {
            jakarta.persistence.Column column = field.getAnnotation(jakarta.persistence.Column.class);
            if (column != null) {
                mapped.add(column.name());
            }
        }
        java.util.List<String> named = insertColumns();
        String sql = PinRecordStore.insertStatement("PIN2FA_PIN");
        long placeholders = sql.substring(sql.indexOf("VALUES")).chars().filter(c -> c == '?').count();

        assertThat(named).doesNotHaveDuplicates();
        assertThat(new java.util.TreeSet<>(named)).isEqualTo(mapped);
        assertThat(placeholders).isEqualTo(named.size());
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

    /** The transaction's connection, as {@code Session.doReturningWork} hands it over. */
    private java.sql.Connection connection() throws Exception {
        return TransactionConnection.of(em, PinRecordEntity.class, "PIN2FA_PIN");
    }

    @Test
    void the_unlocked_read_maps_the_row_as_the_entity_does() throws Exception {
        StoredPin pin = new StoredPin("realm-1", "app-1", "msg-1", "VOICE", "kid-1", pin().state(), NOW.toEpochMilli(), "ACCEPTED",
                "CH");
        PinRecordEntity entity = new PinRecordEntity();
        entity.setId("pin-1");
        entity.setRealmId("realm-1");
        entity.setApplicationId("app-1");
        entity.setMessageId("msg-1");
        entity.setDestination("41793026727");
        entity.setRegion("CH");
        entity.setPinType("NUMERIC");
        entity.setCreatedAt(pin.state().sentAt().toEpochMilli());
        entity.setExpiresAt(pin.state().expiresAt().toEpochMilli());
        entity.setAllowMultipleVerifications(pin.state().allowMultiplePinVerifications());
        PinRecordStore.write(pin, entity);
        java.sql.PreparedStatement select = mock(java.sql.PreparedStatement.class);
        when(connection().prepareStatement(PinRecordStore.readStatement("PIN2FA_PIN"))).thenReturn(select);
        java.sql.ResultSet row = mock(java.sql.ResultSet.class);
        when(select.executeQuery()).thenReturn(row);
        when(row.next()).thenReturn(true);
        when(row.getString("ID")).thenReturn(entity.getId());
        when(row.getString("REALM_ID")).thenReturn(entity.getRealmId());
        when(row.getString("APPLICATION_ID")).thenReturn(entity.getApplicationId());
        when(row.getString("MESSAGE_ID")).thenReturn(entity.getMessageId());
        when(row.getString("CHANNEL")).thenReturn(entity.getChannel());
        when(row.getString("DESTINATION")).thenReturn(entity.getDestination());
        when(row.getString("PIN_HASH")).thenReturn(entity.getPinHash());
        when(row.getString("PIN_TYPE")).thenReturn(entity.getPinType());
        when(row.getLong("CREATED_AT")).thenReturn(entity.getCreatedAt());
        when(row.getLong("SENT_AT")).thenReturn(entity.getSentAt());
        when(row.getLong("EXPIRES_AT")).thenReturn(entity.getExpiresAt());
        when(row.getInt("ATTEMPTS_REMAINING")).thenReturn(entity.getAttemptsRemaining());
        when(row.getBoolean("ALLOW_MULTIPLE")).thenReturn(entity.isAllowMultipleVerifications());
        when(row.getBoolean("VERIFIED")).thenReturn(false);
        when(row.getString("DELIVERY_STATUS")).thenReturn(entity.getDeliveryStatus());
        when(row.getString("REGION")).thenReturn("CH");
        when(row.wasNull()).thenReturn(false);
        // SENT_AT is there, VERIFIED_AT is NULL: wasNull() follows the last getLong.
        when(row.getLong("VERIFIED_AT")).thenAnswer(call -> {
            when(row.wasNull()).thenReturn(true);
            return 0L;
        });
        when(row.getBoolean("CONSUMED")).thenAnswer(call -> {
            when(row.wasNull()).thenReturn(false);
            return false;
        });

        assertThat(store.read("realm-1", "pin-1")).contains(PinRecordStore.read(entity)).contains(pin);
        verify(select).setString(1, "pin-1");
        assertThat(store.read("realm-2", "pin-1")).as("another realm's PIN").isEmpty();
    }

    @Test
    void a_compare_and_set_writes_the_new_state_only_over_the_state_read() throws Exception {
        StoredPin pin = pin();
        PinState s = pin.state();
        StoredPin verified = pin.withState(new PinState(s.pinId(), s.pinHash(), s.pinType(), s.destination(), s.sentAt(),
                s.expiresAt(), 0, false, true, NOW.plusSeconds(5), true));
        java.sql.PreparedStatement update = mock(java.sql.PreparedStatement.class);
        when(connection().prepareStatement(PinRecordStore.replaceStatement("PIN2FA_PIN"))).thenReturn(update);
        when(update.executeUpdate()).thenReturn(1, 0);

        assertThat(store.replaceState(pin, verified)).isTrue();
        assertThat(store.replaceState(pin, verified)).as("the row no longer holds the state read").isFalse();

        verify(update, org.mockito.Mockito.times(2)).setInt(1, 0);
        verify(update, org.mockito.Mockito.times(2)).setBoolean(2, true);
        verify(update, org.mockito.Mockito.times(2)).setLong(3, NOW.plusSeconds(5).toEpochMilli());
        verify(update, org.mockito.Mockito.times(2)).setBoolean(4, true);
        verify(update, org.mockito.Mockito.times(2)).setString(5, "pin-1");
        verify(update, org.mockito.Mockito.times(2)).setString(6, "realm-1");
        verify(update, org.mockito.Mockito.times(2)).setInt(7, s.attemptsRemaining());
        verify(update, org.mockito.Mockito.times(2)).setBoolean(8, false);
        verify(update, org.mockito.Mockito.times(2)).setBoolean(9, false);
        assertThat(PinRecordStore.replaceStatement("PIN2FA_PIN"))
                .endsWith("WHERE ID = ? AND REALM_ID = ? AND ATTEMPTS_REMAINING = ? AND VERIFIED = ? AND CONSUMED = ?");
        assertThatThrownBy(() -> store.replaceState(pin, verified.withState(PinState.issue("pin-2", "h", PinType.NUMERIC,
                "41793026727", ApplicationConfiguration.DEFAULTS, NOW)))).isInstanceOf(IllegalArgumentException.class);
    }
}
