package io.github.keycloakpin2fa.storage.jpa;

import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.OptimisticLockException;
import jakarta.persistence.PersistenceException;
import org.hibernate.StaleStateException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.cache.CachedRealmModel;
import org.keycloak.models.jpa.entities.RealmEntity;

/**
 * Serialises the writes to one realm's 2FA configuration (applications, templates, keys: realm
 * components) across the cluster: the first thing a write does is lock the realm's row in the
 * database until its transaction ends. Keycloak replaces a component's configuration rows on
 * every update, so two updates of one component that overlap would otherwise fail at commit
 * (a stale delete), and an application's rename would race the renaming of its templates.
 *
 * <p>Taking the lock is not enough on its own: a request may already have read the realm before
 * it waited. When Keycloak's realm cache has just been invalidated (by the write this one waited
 * for), resolving the realm loads every component and its configuration rows into the request's
 * persistence context, and the realm cache's copy of the realm is from then too. A writer that
 * then went on from what it read would delete configuration rows that the first writer already
 * replaced (Hibernate's {@code StaleStateException} at commit, a 500) or write back what the
 * first writer changed. So the lock forgets what was read before it and reads the realm from
 * the database from then on.
 */
public final class RealmConfigLock {

    private RealmConfigLock() {
    }

    /**
     * Waits for, then holds, the realm's write lock until this session's transaction ends; from
     * then on, {@code realm} reads what the database holds under the lock, not what the realm
     * cache held before.
     */
    public static void lock(KeycloakSession session, RealmModel realm) {
        EntityManager em = JpaRateLimiter.entityManager(session);
        // The realm as this transaction may have loaded it before the lock (its components and their
        // configuration rows cascade): forgotten, then read anew under the lock.
        em.detach(em.getReference(RealmEntity.class, realm.getId()));
        em.find(RealmEntity.class, realm.getId(), LockModeType.PESSIMISTIC_WRITE);
        if (realm instanceof CachedRealmModel cached) {
            // Reads go to the database from here on (the cached copy is from before the lock); the
            // cache entry is invalidated when the transaction ends, as by any write.
            cached.getDelegateForUpdate();
        }
    }

    /**
     * Writes this transaction's changes now, inside the request rather than at its commit, so
     * that a conflict is answered, not thrown past the API.
     *
     * @throws ConcurrentWriteException when another transaction changed or removed the same rows
     *     (which the lock should prevent; the caller answers it as a conflict, never a 500)
     */
    public static void flush(KeycloakSession session) {
        try {
            JpaRateLimiter.entityManager(session).flush();
        } catch (OptimisticLockException | StaleStateException e) {
            throw new ConcurrentWriteException(e);
        } catch (PersistenceException e) {
            if (e.getCause() instanceof StaleStateException) {
                throw new ConcurrentWriteException(e);
            }
            throw e;
        }
    }

    /** Another transaction wrote the same configuration at the same moment: try again. */
    public static final class ConcurrentWriteException extends RuntimeException {
        public ConcurrentWriteException(Throwable cause) {
            super("The configuration was changed by another request at the same moment", cause);
        }
    }
}
