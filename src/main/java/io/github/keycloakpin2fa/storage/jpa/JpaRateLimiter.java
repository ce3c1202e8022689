package io.github.keycloakpin2fa.storage.jpa;

import io.github.keycloakpin2fa.engine.limit.LimitDecision;
import io.github.keycloakpin2fa.engine.limit.RateLimiter;
import io.github.keycloakpin2fa.engine.limit.SlidingWindowLog;
import io.github.keycloakpin2fa.engine.time.Limit;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Rate limits in Keycloak's database, exact across a cluster: each key has a lock row, locked
 * ({@code SELECT ... FOR UPDATE}) while its events in the window are counted and the new event
 * is written. The meaning is the engine's {@link SlidingWindowLog}.
 */
public final class JpaRateLimiter implements RateLimiter {

    /** One limit applied to one key. */
    public record LimitedKey(String key, Limit limit) {
        public LimitedKey {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(limit, "limit");
            if (key.length() > 255) {
                throw new IllegalArgumentException("limit keys are at most 255 characters");
            }
        }
    }

    private final KeycloakSessionFactory sessions;
    private final Clock clock;

    public JpaRateLimiter(KeycloakSessionFactory sessions, Clock clock) {
        this.sessions = sessions;
        this.clock = clock;
    }

    @Override
    public LimitDecision tryAcquire(String key, Limit limit) {
        return tryAcquireAll(List.of(new LimitedKey(key, limit)));
    }

    /**
     * Records one event for every key only if every limit allows it (all or nothing), so a
     * refusal by one limit never uses up another's places. Keys are locked in a fixed order, in a
     * short transaction of its own: for callers that go on to call a vendor, so no lock is held
     * while a message is delivered.
     *
     * @return allowed, or refused with the longest wait among the refusing limits
     */
    public LimitDecision tryAcquireAll(List<LimitedKey> keys) {
        return tryAcquireAllNamingRefusal(keys).decision();
    }

    /** A decision and, when refused, the key whose limit made the caller wait longest. */
    public record Verdict(LimitDecision decision, LimitedKey refusedBy) {
    }

    /** {@link #tryAcquireAll}, saying which limit refused (for metrics). */
    public Verdict tryAcquireAllNamingRefusal(List<LimitedKey> keys) {
        List<LimitedKey> ordered = ordered(keys);
        return KeycloakModelUtils.runJobInTransactionWithResult(sessions, session -> acquire(entityManager(session), ordered));
    }

    /**
     * Like {@link #tryAcquireAll} but in the caller's transaction, which holds the key's lock row
     * until it ends: for short requests that call nobody (a verify), so they need no second
     * database connection.
     */
    public LimitDecision tryAcquireInTransaction(KeycloakSession session, LimitedKey key) {
        return acquire(entityManager(session), ordered(List.of(key))).decision();
    }

    private List<LimitedKey> ordered(List<LimitedKey> keys) {
        List<LimitedKey> ordered = keys.stream().sorted(Comparator.comparing(LimitedKey::key)).toList();
        ordered.forEach(k -> ensureLockRow(k.key()));
        return ordered;
    }

    private Verdict acquire(EntityManager em, List<LimitedKey> ordered) {
        Instant now = clock.instant();
        List<RateLimitLockEntity> locks = ordered.stream()
                .map(k -> Objects.requireNonNull(
                        em.find(RateLimitLockEntity.class, k.key(), LockModeType.PESSIMISTIC_WRITE),
                        "rate limit lock row"))
                .toList();
        Duration longestWait = Duration.ZERO;
        LimitedKey refusedBy = null;
        for (LimitedKey k : ordered) {
            LimitDecision decision = decide(em, k, now);
            if (!decision.allowed() && decision.retryAfter().compareTo(longestWait) > 0) {
                longestWait = decision.retryAfter();
                refusedBy = k;
            }
        }
        if (!longestWait.isZero()) {
            return new Verdict(LimitDecision.refuse(longestWait), refusedBy);
        }
        for (int i = 0; i < ordered.size(); i++) {
            record(em, ordered.get(i), now);
            locks.get(i).setLastEventAt(now.toEpochMilli());
        }
        return new Verdict(LimitDecision.allow(), null);
    }

    private static LimitDecision decide(EntityManager em, LimitedKey k, Instant now) {
        Duration window = k.limit().window().toDuration();
        // Only the newest `attempts` events in the window can decide anything.
        List<Long> newest = em.createNamedQuery("pin2fa.eventsSinceNewestFirst", Long.class)
                .setParameter("key", k.key())
                .setParameter("since", now.minus(window).toEpochMilli())
                .setMaxResults(k.limit().attempts())
                .getResultList();
        return SlidingWindowLog.tryAcquire(newest.stream().map(Instant::ofEpochMilli).toList(), k.limit(), now).decision();
    }

    private static void record(EntityManager em, LimitedKey k, Instant now) {
        RateLimitEventEntity event = new RateLimitEventEntity();
        event.setId(KeycloakModelUtils.generateId());
        event.setLimitKey(k.key());
        event.setOccurredAt(now.toEpochMilli());
        event.setExpiresAt(now.plus(k.limit().window().toDuration()).toEpochMilli());
        em.persist(event);
    }

    private void ensureLockRow(String key) {
        try {
            KeycloakModelUtils.runJobInTransaction(sessions, session -> {
                EntityManager em = entityManager(session);
                if (em.find(RateLimitLockEntity.class, key) == null) {
                    RateLimitLockEntity lock = new RateLimitLockEntity();
                    lock.setLimitKey(key);
                    lock.setLastEventAt(clock.millis());
                    em.persist(lock);
                    em.flush();
                }
            });
        } catch (RuntimeException createdByAnotherRequest) {
            // Most likely another request created the row at the same moment, which is all we need;
            // if the database is really failing, the locking transaction below fails loudly.
        }
    }

    static EntityManager entityManager(KeycloakSession session) {
        return session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }
}
