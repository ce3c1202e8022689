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

    public void add(PinRecordEntity record) {
        em.persist(record);
        em.flush();
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

    /** The records of one destination of one application, newest first. */
    public List<PinRecordEntity> byDestination(String realmId, String applicationId, String destination, int max) {
        return em.createNamedQuery("pin2fa.verifications", PinRecordEntity.class)
                .setParameter("realmId", realmId)
                .setParameter("applicationId", applicationId)
                .setParameter("destination", destination)
                .setMaxResults(max)
                .getResultList();
    }

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
     * Deletes PIN records past their retention, rate-limit events that can no longer count, lock
     * rows idle for two days and dev-outbox messages older than a day.
     *
     * @return the number of rows deleted
     */
    public int purge(long nowMillis) {
        int pins = em.createNamedQuery("pin2fa.purgePins").setParameter("now", nowMillis).executeUpdate();
        int events = em.createNamedQuery("pin2fa.purgeEvents").setParameter("now", nowMillis).executeUpdate();
        int locks = em.createNamedQuery("pin2fa.purgeLocks").setParameter("before", nowMillis - 2 * DevOutbox.RETENTION_MILLIS)
                .executeUpdate();
        int outbox = em.createNamedQuery("pin2fa.purgeOutbox").setParameter("before", nowMillis - DevOutbox.RETENTION_MILLIS)
                .executeUpdate();
        return pins + events + locks + outbox;
    }

    /** Forgets everything of a removed realm. */
    public void deleteRealm(String realmId) {
        em.createNamedQuery("pin2fa.deletePinsOfRealm").setParameter("realmId", realmId).executeUpdate();
        em.createNamedQuery("pin2fa.deleteOutboxOfRealm").setParameter("realmId", realmId).executeUpdate();
        String pattern = "%:" + realmId + ":%";
        em.createNamedQuery("pin2fa.deleteEventsOfRealm").setParameter("pattern", pattern).executeUpdate();
        em.createNamedQuery("pin2fa.deleteLocksOfRealm").setParameter("pattern", pattern).executeUpdate();
    }
}
