package io.github.keycloakpin2fa.storage.jpa;

import io.github.keycloakpin2fa.engine.limit.LimitKeys;
import io.github.keycloakpin2fa.engine.template.PinType;
import io.github.keycloakpin2fa.engine.verification.PinState;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.hibernate.Session;
import org.keycloak.models.KeycloakSession;

/**
 * PIN records in Keycloak's database, in and out as {@link StoredPin}s (the engine's
 * {@link PinState} and the server's additions). {@link #lock} takes a row lock ({@code SELECT ...
 * FOR UPDATE}) that the request's transaction holds until it commits, so verifications of one PIN
 * happen one after the other on every node of a cluster; {@link #update} writes a locked PIN back.
 * A verify takes the cheaper way first: {@link #read} without a lock, then
 * {@link #replaceState}, which writes the new state only if the row still holds the state read
 * (compare-and-set, as {@code PinVerifier} asks of storage), and leaves the row locked when it does.
 */
public final class PinRecordStore {

    /** Verification records stay readable this long after their PIN expired, unless the server says otherwise. */
    public static final Duration DEFAULT_RETENTION_AFTER_EXPIRY = Duration.ofDays(1);
    /** A server setting, set once at start-up (see {@code RealmHousekeeping}). */
    private static volatile Duration retentionAfterExpiry = DEFAULT_RETENTION_AFTER_EXPIRY;
    /** Between the key id and the hash in the stored hash column. */
    private static final char KEY_SEPARATOR = '.';
    /** The most rows one purge transaction deletes, so that no purge is a burst. */
    public static final int PURGE_BATCH = 500;

    private final KeycloakSession session;

    public PinRecordStore(KeycloakSession session) {
        this.session = session;
    }

    /**
     * The session's entity manager, asked for only when the database is used: a request that
     * stores nothing (a send, whose record its budgets' transaction writes) then has none to
     * flush and commit.
     */
    private EntityManager em() {
        return JpaRateLimiter.entityManager(session);
    }

    /** Sets how long PIN records outlive their PIN (a server setting). */
    public static void retainAfterExpiry(Duration retention) {
        retentionAfterExpiry = Objects.requireNonNull(retention, "retention");
    }

    public static Duration retentionAfterExpiry() {
        return retentionAfterExpiry;
    }

    /**
     * Adds a PIN: one plain {@code INSERT} on the transaction's connection, which the database
     * keeps parsed. An entity persisted instead costs Hibernate's insert action, its flush and its
     * bookkeeping at the commit on every API send, for a row this transaction never reads again.
     */
    public void add(StoredPin pin) {
        EntityManager em = em();
        String sql = INSERT.sql(em);
        em.unwrap(Session.class).doReturningWork(connection -> insert(connection, sql, pin));
    }

    /**
     * {@link #add} on the connection of a transaction that is not this session's (a send's
     * budgets'), so that the record is stored exactly when they are spent.
     */
    public void addIn(Connection connection, StoredPin pin) throws SQLException {
        insert(connection, INSERT.sql(this::em), pin);
    }

    private static int insert(Connection connection, String sql, StoredPin pin) throws SQLException {
        PinRecordEntity record = new PinRecordEntity();
        PinState s = pin.state();
        record.setId(s.pinId());
        record.setRealmId(pin.realmId());
        record.setApplicationId(pin.applicationId());
        record.setMessageId(pin.messageId());
        record.setDestination(s.destination());
        record.setRegion(pin.region());
        record.setPinType(s.pinType().name());
        record.setCreatedAt(s.sentAt().toEpochMilli());
        record.setExpiresAt(s.expiresAt().toEpochMilli());
        record.setAllowMultipleVerifications(s.allowMultiplePinVerifications());
        record.setPurgeAt(s.expiresAt().plus(retentionAfterExpiry).toEpochMilli());
        write(pin, record);
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            bindInsert(statement, record);
            return statement.executeUpdate();
        }
    }

    /** The values of {@link #insertStatement}, in its order. */
    static void bindInsert(PreparedStatement statement, PinRecordEntity r) throws java.sql.SQLException {
        statement.setString(1, r.getId());
        statement.setString(2, r.getRealmId());
        statement.setString(3, r.getApplicationId());
        statement.setString(4, r.getMessageId());
        statement.setString(5, r.getChannel());
        statement.setString(6, r.getDestination());
        statement.setString(7, r.getPinHash());
        statement.setString(8, r.getPinType());
        statement.setLong(9, r.getCreatedAt());
        setNullableLong(statement, 10, r.getSentAt());
        statement.setLong(11, r.getExpiresAt());
        statement.setInt(12, r.getAttemptsRemaining());
        statement.setBoolean(13, r.isAllowMultipleVerifications());
        statement.setBoolean(14, r.isVerified());
        setNullableLong(statement, 15, r.getVerifiedAt());
        statement.setBoolean(16, r.isConsumed());
        statement.setString(17, r.getDeliveryStatus());
        statement.setLong(18, r.getPurgeAt());
        statement.setString(19, r.getRegion());
    }

    private static void setNullableLong(PreparedStatement statement, int index, Long value) throws java.sql.SQLException {
        if (value == null) {
            statement.setNull(index, Types.BIGINT);
        } else {
            statement.setLong(index, value);
        }
    }

    /** The PIN, locked for this transaction, if it belongs to the realm. */
    public Optional<StoredPin> lock(String realmId, String pinId) {
        PinRecordEntity record = em().find(PinRecordEntity.class, pinId, LockModeType.PESSIMISTIC_WRITE);
        return Optional.ofNullable(record).filter(r -> r.getRealmId().equals(realmId)).map(PinRecordStore::read);
    }

    /** The PIN, not locked, if it belongs to the realm. */
    public Optional<StoredPin> find(String realmId, String pinId) {
        PinRecordEntity record = em().find(PinRecordEntity.class, pinId);
        return Optional.ofNullable(record).filter(r -> r.getRealmId().equals(realmId)).map(PinRecordStore::read);
    }

    /**
     * The PIN as it is now, not locked, if it belongs to the realm: one plain {@code SELECT} on the
     * transaction's connection, which the database keeps parsed (a locking query it parses anew on
     * every execution, H2 at least), and no entity for Hibernate to track.
     */
    public Optional<StoredPin> read(String realmId, String pinId) {
        EntityManager em = em();
        String sql = READ.sql(em);
        return em.unwrap(Session.class).doReturningWork(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setString(1, pinId);
                try (ResultSet row = statement.executeQuery()) {
                    if (!row.next() || !realmId.equals(row.getString("REALM_ID"))) {
                        return Optional.empty();
                    }
                    return Optional.of(read(row));
                }
            }
        });
    }

    /**
     * Writes {@code next}'s attempts, verification and consumption over {@code expected}'s, only if
     * the row still holds {@code expected}'s (compare-and-set); when it does, the row stays locked
     * until the transaction ends, as after {@link #lock}.
     *
     * @return false when another verify changed the PIN since it was read (or it is gone): nothing
     *     was written
     */
    public boolean replaceState(StoredPin expected, StoredPin next) {
        if (!expected.pinId().equals(next.pinId())) {
            throw new IllegalArgumentException("Two different PINs");
        }
        EntityManager em = em();
        String sql = REPLACE.sql(em);
        PinState from = expected.state();
        PinState to = next.state();
        int updated = em.unwrap(Session.class).doReturningWork(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setInt(1, to.attemptsRemaining());
                statement.setBoolean(2, to.verified());
                setNullableLong(statement, 3, to.verifiedAt() == null ? null : to.verifiedAt().toEpochMilli());
                statement.setBoolean(4, to.consumed());
                statement.setString(5, expected.pinId());
                statement.setString(6, expected.realmId());
                statement.setInt(7, from.attemptsRemaining());
                statement.setBoolean(8, from.verified());
                statement.setBoolean(9, from.consumed());
                return statement.executeUpdate();
            }
        });
        return updated == 1;
    }

    private static final TableStatement INSERT = new TableStatement(PinRecordEntity.class, PinRecordStore::insertStatement);
    private static final TableStatement READ = new TableStatement(PinRecordEntity.class, PinRecordStore::readStatement);
    private static final TableStatement REPLACE = new TableStatement(PinRecordEntity.class, PinRecordStore::replaceStatement);

    static String insertStatement(String table) {
        return "INSERT INTO " + table + " (ID, REALM_ID, APPLICATION_ID, MESSAGE_ID, CHANNEL, DESTINATION, PIN_HASH, PIN_TYPE,"
                + " CREATED_AT, SENT_AT, EXPIRES_AT, ATTEMPTS_REMAINING, ALLOW_MULTIPLE, VERIFIED, VERIFIED_AT, CONSUMED,"
                + " DELIVERY_STATUS, PURGE_AT, REGION) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    }

    static String readStatement(String table) {
        return "SELECT ID, REALM_ID, APPLICATION_ID, MESSAGE_ID, CHANNEL, DESTINATION, PIN_HASH, PIN_TYPE, CREATED_AT, SENT_AT,"
                + " EXPIRES_AT, ATTEMPTS_REMAINING, ALLOW_MULTIPLE, VERIFIED, VERIFIED_AT, CONSUMED, DELIVERY_STATUS, REGION FROM "
                + table + " WHERE ID = ?";
    }

    static String replaceStatement(String table) {
        return "UPDATE " + table + " SET ATTEMPTS_REMAINING = ?, VERIFIED = ?, VERIFIED_AT = ?, CONSUMED = ?"
                + " WHERE ID = ? AND REALM_ID = ? AND ATTEMPTS_REMAINING = ? AND VERIFIED = ? AND CONSUMED = ?";
    }

    /** Writes back what can change of a PIN this transaction {@link #lock locked} (or added). */
    public void update(StoredPin pin) {
        PinRecordEntity record = em().find(PinRecordEntity.class, pin.pinId());
        if (record == null || !record.getRealmId().equals(pin.realmId())) {
            throw new IllegalStateException("PIN " + pin.pinId() + " is not in the store");
        }
        write(pin, record);
    }

    /** The PINs sent to one destination by one application, newest first. */
    public List<StoredPin> byDestination(String realmId, String applicationId, String destination, int max) {
        return em().createNamedQuery("pin2fa.verifications", PinRecordEntity.class)
                .setParameter("realmId", realmId)
                .setParameter("applicationId", applicationId)
                .setParameter("destination", destination)
                .setMaxResults(max)
                .getResultStream()
                .map(PinRecordStore::read)
                .toList();
    }

    /**
     * Deletes everything past its time (PIN records past their retention, rate-limit windows whose
     * events can no longer count, dev-outbox messages older than a day) in this transaction, a
     * batch at a time. The timer uses {@link #purgeBatch} in transactions of their own instead.
     *
     * @return the number of rows deleted
     */
    public int purge(long nowMillis) {
        int total = 0;
        int batch;
        do {
            batch = purgeBatch(nowMillis);
            total += batch;
        } while (batch > 0);
        return total;
    }

    /**
     * Deletes at most {@link #PURGE_BATCH} PIN records and as many rate-limit windows past their
     * time, oldest first, each found through its own index and deleted by its key: the cost per
     * row is the same whatever the backlog.
     *
     * @return the number of rows deleted; 0 when nothing is left
     */
    public int purgeBatch(long nowMillis) {
        int deleted = 0;
        // PINs before windows: the order a verify locks them in (its PIN, then its limit's window),
        // so a purge and a verify never wait on each other in a cycle.
        List<String> pins = em().createNamedQuery("pin2fa.purgeablePins", String.class).setParameter("now", nowMillis)
                .setMaxResults(PURGE_BATCH).getResultList();
        if (!pins.isEmpty()) {
            deleted += em().createNamedQuery("pin2fa.deletePins").setParameter("ids", pins).setParameter("now", nowMillis).executeUpdate();
        }
        List<String> windows = em().createNamedQuery("pin2fa.purgeableWindows", String.class).setParameter("now", nowMillis)
                .setMaxResults(PURGE_BATCH).getResultList();
        if (!windows.isEmpty()) {
            // The condition again: a window used since it was listed has a later expiry and stays.
            deleted += em().createNamedQuery("pin2fa.deleteWindows").setParameter("keys", windows).setParameter("now", nowMillis)
                    .executeUpdate();
        }
        deleted += em().createNamedQuery("pin2fa.purgeOutbox").setParameter("before", nowMillis - DevOutbox.RETENTION_MILLIS)
                .executeUpdate();
        return deleted;
    }

    /** Forgets everything of a removed realm. */
    public void deleteRealm(String realmId) {
        em().createNamedQuery("pin2fa.deletePinsOfRealm").setParameter("realmId", realmId).executeUpdate();
        em().createNamedQuery("pin2fa.deleteOutboxOfRealm").setParameter("realmId", realmId).executeUpdate();
        em().createNamedQuery("pin2fa.deleteWindowsOfRealm").setParameter("pattern", LimitKeys.ofRealmPattern(realmId)).executeUpdate();
    }

    /** The fields a PIN's life changes. */
    static void write(StoredPin pin, PinRecordEntity record) {
        PinState s = pin.state();
        record.setChannel(pin.channel());
        record.setPinHash(pin.keyId() == null ? s.pinHash() : pin.keyId() + KEY_SEPARATOR + s.pinHash());
        record.setAttemptsRemaining(s.attemptsRemaining());
        record.setVerified(s.verified());
        record.setVerifiedAt(s.verifiedAt() == null ? null : s.verifiedAt().toEpochMilli());
        record.setConsumed(s.consumed());
        record.setSentAt(pin.sentAt());
        record.setDeliveryStatus(pin.deliveryStatus());
    }

    static StoredPin read(PinRecordEntity r) {
        return stored(r.getId(), r.getRealmId(), r.getApplicationId(), r.getMessageId(), r.getChannel(), r.getDestination(),
                r.getPinHash(), r.getPinType(), r.getCreatedAt(), r.getSentAt(), r.getExpiresAt(), r.getAttemptsRemaining(),
                r.isAllowMultipleVerifications(), r.isVerified(), r.getVerifiedAt(), r.isConsumed(), r.getDeliveryStatus(),
                r.getRegion());
    }

    /** A row of {@link #readStatement(String)}. */
    static StoredPin read(ResultSet r) throws java.sql.SQLException {
        return stored(r.getString("ID"), r.getString("REALM_ID"), r.getString("APPLICATION_ID"), r.getString("MESSAGE_ID"),
                r.getString("CHANNEL"), r.getString("DESTINATION"), r.getString("PIN_HASH"), r.getString("PIN_TYPE"),
                r.getLong("CREATED_AT"), nullableLong(r, "SENT_AT"), r.getLong("EXPIRES_AT"), r.getInt("ATTEMPTS_REMAINING"),
                r.getBoolean("ALLOW_MULTIPLE"), r.getBoolean("VERIFIED"), nullableLong(r, "VERIFIED_AT"), r.getBoolean("CONSUMED"),
                r.getString("DELIVERY_STATUS"), r.getString("REGION"));
    }

    private static Long nullableLong(ResultSet r, String column) throws java.sql.SQLException {
        long value = r.getLong(column);
        return r.wasNull() ? null : value;
    }

    private static StoredPin stored(String id, String realmId, String applicationId, String messageId, String channel,
            String destination, String storedHash, String pinType, long createdAt, Long sentAt, long expiresAt, int attemptsRemaining,
            boolean allowMultiple, boolean verified, Long verifiedAt, boolean consumed, String deliveryStatus, String region) {
        int dot = storedHash.indexOf(KEY_SEPARATOR);
        String keyId = dot < 0 ? null : storedHash.substring(0, dot);
        String hash = storedHash.substring(dot + 1);
        PinState state = new PinState(id, hash, PinType.valueOf(pinType), destination, Instant.ofEpochMilli(createdAt),
                Instant.ofEpochMilli(expiresAt), attemptsRemaining, allowMultiple, verified,
                verifiedAt == null ? null : Instant.ofEpochMilli(verifiedAt), consumed);
        return new StoredPin(realmId, applicationId, messageId, channel, keyId, state, sentAt, deliveryStatus, region);
    }
}
