package io.github.keycloakpin2fa.storage.jpa;

import io.github.keycloakpin2fa.engine.limit.LimitDecision;
import io.github.keycloakpin2fa.engine.limit.RateLimiter;
import io.github.keycloakpin2fa.engine.limit.SlidingWindowCounter;
import io.github.keycloakpin2fa.engine.time.Limit;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Rate limits in Keycloak's database, exact across a cluster: each key has one row holding its
 * window's slots ({@link SlidingWindowCounter}), locked ({@code SELECT ... FOR UPDATE}) while the
 * decision is taken and the row rewritten. A decision reads and writes one short row per key,
 * whatever the number of events in the window.
 */
public final class JpaRateLimiter implements RateLimiter {

    /** One limit applied to one key; a key has one limit (two limits need two keys). */
    public record LimitedKey(String key, Limit limit) {
        public LimitedKey {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(limit, "limit");
            if (key.length() > 255) {
                throw new IllegalArgumentException("limit keys are at most 255 characters");
            }
        }
    }

    /** A new row lives at least this long, so the purge never takes one away between its creation and its first use. */
    private static final long MIN_ROW_LIFE_MILLIS = 60_000;

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
        // A missing row is inserted in this same transaction. When another request inserts the
        // same key at the same moment, one of the two inserts fails and its transaction rolls back
        // (nothing counted); it is then taken again, finding the row. Each retry follows a row
        // someone else created, so there are at most as many as keys.
        for (int attempt = 0;; attempt++) {
            try {
                return KeycloakModelUtils.runJobInTransactionWithResult(sessions,
                        session -> acquire(entityManager(session), ordered, true));
            } catch (RuntimeException raced) {
                if (attempt >= ordered.size()) {
                    throw raced;
                }
            }
        }
    }

    /**
     * Like {@link #tryAcquireAll} but in the caller's transaction, which holds the key's lock row
     * until it ends: for short requests that call nobody (a verify). A missing row is created
     * first in a short transaction of its own, so call it before the transaction holds any
     * other lock.
     */
    public LimitDecision tryAcquireInTransaction(KeycloakSession session, LimitedKey key) {
        return acquire(entityManager(session), ordered(List.of(key)), false).decision();
    }

    private static List<LimitedKey> ordered(List<LimitedKey> keys) {
        // A fixed order so that two requests never wait on each other in a cycle.
        List<LimitedKey> ordered = keys.stream().distinct().sorted(Comparator.comparing(LimitedKey::key)).toList();
        for (int i = 1; i < ordered.size(); i++) {
            if (ordered.get(i).key().equals(ordered.get(i - 1).key())) {
                throw new IllegalArgumentException("Two limits on one key (" + ordered.get(i).key()
                        + "): give each limit a key of its own");
            }
        }
        return ordered;
    }

    private Verdict acquire(EntityManager em, List<LimitedKey> ordered, boolean createHere) {
        long now = clock.millis();
        List<RateLimitWindowEntity> rows = ordered.stream().map(k -> lockRow(em, k.key(), createHere)).toList();
        List<SlidingWindowCounter.Result> results = new ArrayList<>(ordered.size());
        Duration longestWait = Duration.ZERO;
        LimitedKey refusedBy = null;
        for (int i = 0; i < ordered.size(); i++) {
            SlidingWindowCounter.Result result = SlidingWindowCounter.tryAcquire(
                    SlidingWindowCounter.decode(rows.get(i).getSlots()), ordered.get(i).limit(), now);
            results.add(result);
            if (!result.decision().allowed() && result.decision().retryAfter().compareTo(longestWait) > 0) {
                longestWait = result.decision().retryAfter();
                refusedBy = ordered.get(i);
            }
        }
        if (!longestWait.isZero()) {
            return new Verdict(LimitDecision.refuse(longestWait), refusedBy); // nothing written: a refusal uses up no place
        }
        for (int i = 0; i < ordered.size(); i++) {
            RateLimitWindowEntity row = rows.get(i);
            row.setSlots(SlidingWindowCounter.encode(results.get(i).slots()));
            row.setExpiresAt(Math.max(row.getExpiresAt(), results.get(i).expiresAt()));
        }
        return new Verdict(LimitDecision.allow(), null);
    }

    /**
     * The key's row, locked for this transaction. A missing row is inserted in this transaction
     * ({@code createHere}, which holds it locked by the insert) or else first created in a
     * transaction of its own.
     */
    private RateLimitWindowEntity lockRow(EntityManager em, String key, boolean createHere) {
        RateLimitWindowEntity row = em.find(RateLimitWindowEntity.class, key, LockModeType.PESSIMISTIC_WRITE);
        if (row != null) {
            return row;
        }
        if (createHere) {
            RateLimitWindowEntity created = newRow(key);
            em.persist(created);
            em.flush();
            return created;
        }
        createRow(key);
        return Objects.requireNonNull(em.find(RateLimitWindowEntity.class, key, LockModeType.PESSIMISTIC_WRITE), "rate limit row");
    }

    private void createRow(String key) {
        try {
            KeycloakModelUtils.runJobInTransaction(sessions, session -> {
                EntityManager em = entityManager(session);
                if (em.find(RateLimitWindowEntity.class, key) == null) {
                    em.persist(newRow(key));
                    em.flush();
                }
            });
        } catch (RuntimeException createdByAnotherRequest) {
            // Most likely another request created the row at the same moment, which is all we need;
            // if the database is really failing, the locking read that follows fails loudly.
        }
    }

    private RateLimitWindowEntity newRow(String key) {
        RateLimitWindowEntity row = new RateLimitWindowEntity();
        row.setLimitKey(key);
        row.setSlots("");
        row.setExpiresAt(clock.millis() + MIN_ROW_LIFE_MILLIS);
        return row;
    }

    static EntityManager entityManager(KeycloakSession session) {
        return session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }
}
