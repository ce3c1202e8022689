package io.github.keycloakpin2fa.storage.jpa;

import io.github.keycloakpin2fa.engine.limit.LimitKeys;
import io.github.keycloakpin2fa.engine.template.PinType;
import io.github.keycloakpin2fa.engine.verification.PinState;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.keycloak.models.KeycloakSession;

/**
 * PIN records in Keycloak's database, in and out as {@link StoredPin}s (the engine's
 * {@link PinState} and the server's additions). {@link #lock} takes a row lock ({@code SELECT ...
 * FOR UPDATE}) that the request's transaction holds until it commits, so verifications of one PIN
 * happen one after the other on every node of a cluster; {@link #update} writes a locked PIN back.
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

    /** Adds a PIN; it is written once, when the transaction commits. */
    public void add(StoredPin pin) {
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
        em().persist(record);
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
        String stored = r.getPinHash();
        int dot = stored.indexOf(KEY_SEPARATOR);
        String keyId = dot < 0 ? null : stored.substring(0, dot);
        String hash = stored.substring(dot + 1);
        PinState state = new PinState(r.getId(), hash, PinType.valueOf(r.getPinType()), r.getDestination(),
                Instant.ofEpochMilli(r.getCreatedAt()), Instant.ofEpochMilli(r.getExpiresAt()), r.getAttemptsRemaining(),
                r.isAllowMultipleVerifications(), r.isVerified(),
                r.getVerifiedAt() == null ? null : Instant.ofEpochMilli(r.getVerifiedAt()), r.isConsumed());
        return new StoredPin(r.getRealmId(), r.getApplicationId(), r.getMessageId(), r.getChannel(), keyId, state, r.getSentAt(),
                r.getDeliveryStatus(), r.getRegion());
    }
}
