package io.github.keycloakpin2fa.storage.jpa;

import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.util.List;
import java.util.Optional;
import org.keycloak.models.KeycloakSession;

/**
 * PIN records in Keycloak's database. {@link #lock} takes a row lock ({@code SELECT ... FOR
 * UPDATE}) that the request's transaction holds until it commits, so verifications of one PIN
 * happen one after the other on every node of a cluster.
 */
public final class PinRecordStore {

    private final EntityManager em;

    public PinRecordStore(KeycloakSession session) {
        this.em = JpaRateLimiter.entityManager(session);
    }

    /** Adds a record; it is written when the transaction commits. */
    public void add(PinRecordEntity record) {
        em.persist(record);
    }

    /** The record, locked for this transaction, if it belongs to the realm. */
    public Optional<PinRecordEntity> lock(String realmId, String pinId) {
        PinRecordEntity record = em.find(PinRecordEntity.class, pinId, LockModeType.PESSIMISTIC_WRITE);
        return Optional.ofNullable(record).filter(r -> r.getRealmId().equals(realmId));
    }

    /** The record, not locked, if it belongs to the realm. */
    public Optional<PinRecordEntity> find(String realmId, String pinId) {
        PinRecordEntity record = em.find(PinRecordEntity.class, pinId);
        return Optional.ofNullable(record).filter(r -> r.getRealmId().equals(realmId));
    }

    /** Which application a PIN belongs to and where it went. */
    public record PinRoute(String applicationId, String destination) {
    }

    /**
     * The PIN's application and destination, if it belongs to the realm: read in this transaction
     * without locking the row and without loading the record, so that a later {@link #lock}
     * reads its state afresh.
     */
    public Optional<PinRoute> route(String realmId, String pinId) {
        List<Object[]> rows = em.createNamedQuery("pin2fa.pinRoute", Object[].class).setParameter("id", pinId)
                .setParameter("realmId", realmId).getResultList();
        return rows.stream().findFirst().map(r -> new PinRoute((String) r[0], (String) r[1]));
    }

    /** The records of one destination of one application, newest first. */
    public List<PinRecordEntity> byDestination(String realmId, String applicationId, String destination, int max) {
        return em.createNamedQuery("pin2fa.verifications", PinRecordEntity.class)
                .setParameter("realmId", realmId)
                .setParameter("applicationId", applicationId)
                .setParameter("destination", destination)
                .setMaxResults(max)
                .getResultList();
    }

    /** The most rows one purge transaction deletes, so that no purge is a burst. */
    public static final int PURGE_BATCH = 500;

    /** PINs issued and verified, for conversion. */
    public record Conversion(long sent, long verified) {
    }

    /**
     * How many PINs the application sent to one country since {@code sinceMillis} (exclusive),
     * and how many of them were verified. Counted in the database, so every node sees the same.
     */
    public Conversion conversion(String realmId, String applicationId, String region, long sinceMillis) {
        Object[] row = em.createNamedQuery("pin2fa.conversion", Object[].class)
                .setParameter("realmId", realmId)
                .setParameter("applicationId", applicationId)
                .setParameter("region", region)
                .setParameter("since", sinceMillis)
                .getSingleResult();
        return new Conversion(((Number) row[0]).longValue(), row[1] == null ? 0 : ((Number) row[1]).longValue());
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
        // Windows before PINs: the order a verify locks them in (its limit's window, then its PIN),
        // so a purge and a verify never wait on each other in a cycle.
        List<String> windows = em.createNamedQuery("pin2fa.purgeableWindows", String.class).setParameter("now", nowMillis)
                .setMaxResults(PURGE_BATCH).getResultList();
        if (!windows.isEmpty()) {
            // The condition again: a window used since it was listed has a later expiry and stays.
            deleted += em.createNamedQuery("pin2fa.deleteWindows").setParameter("keys", windows).setParameter("now", nowMillis)
                    .executeUpdate();
        }
        List<String> pins = em.createNamedQuery("pin2fa.purgeablePins", String.class).setParameter("now", nowMillis)
                .setMaxResults(PURGE_BATCH).getResultList();
        if (!pins.isEmpty()) {
            deleted += em.createNamedQuery("pin2fa.deletePins").setParameter("ids", pins).setParameter("now", nowMillis).executeUpdate();
        }
        deleted += em.createNamedQuery("pin2fa.purgeOutbox").setParameter("before", nowMillis - DevOutbox.RETENTION_MILLIS)
                .executeUpdate();
        return deleted;
    }

    /** Forgets everything of a removed realm. */
    public void deleteRealm(String realmId) {
        em.createNamedQuery("pin2fa.deletePinsOfRealm").setParameter("realmId", realmId).executeUpdate();
        em.createNamedQuery("pin2fa.deleteOutboxOfRealm").setParameter("realmId", realmId).executeUpdate();
        String pattern = "%:" + realmId + ":%";
        em.createNamedQuery("pin2fa.deleteWindowsOfRealm").setParameter("pattern", pattern).executeUpdate();
    }
}
