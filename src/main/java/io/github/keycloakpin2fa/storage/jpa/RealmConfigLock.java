package io.github.keycloakpin2fa.storage.jpa;

import jakarta.persistence.LockModeType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.jpa.entities.RealmEntity;

/**
 * Serialises the writes to one realm's 2FA configuration (applications, templates, keys: realm
 * components) across the cluster: the first thing a write does is lock the realm's row in the
 * database until its transaction ends. Keycloak replaces a component's configuration rows on
 * every update, so two updates of one component that overlap would otherwise fail at commit
 * (a stale delete), and an application's rename would race the renaming of its templates.
 */
public final class RealmConfigLock {

    private RealmConfigLock() {
    }

    /** Waits for, then holds, the realm's write lock until this session's transaction ends. */
    public static void lock(KeycloakSession session, String realmId) {
        JpaRateLimiter.entityManager(session).find(RealmEntity.class, realmId, LockModeType.PESSIMISTIC_WRITE);
    }
}
