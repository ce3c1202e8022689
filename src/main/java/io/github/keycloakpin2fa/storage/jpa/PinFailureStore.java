package io.github.keycloakpin2fa.storage.jpa;

import jakarta.persistence.EntityManager;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.OptionalInt;
import org.hibernate.Session;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Consecutive wrong PINs per user in Keycloak's database. The row is created in a short
 * transaction of its own before any lock is taken ({@link #ensureRow}); counting up is then one
 * atomic {@code UPDATE ... SET FAILURES = FAILURES + 1} in the caller's transaction.
 */
public final class PinFailureStore {

    private final KeycloakSession session;

    public PinFailureStore(KeycloakSession session) {
        this.session = session;
    }

    /** The session's entity manager, asked for only when this session's transaction is used. */
    private EntityManager em() {
        return JpaRateLimiter.entityManager(session);
    }

    /** The user's consecutive failures (0 when none were counted yet). */
    public int failures(String realmId, String userId) {
        OptionalInt found = read(id(realmId, userId));
        return found.orElse(0);
    }

    /**
     * The row's failures, if there is a row: one plain {@code SELECT} on the transaction's
     * connection (it runs twice in every PIN login), with no query for Hibernate to translate
     * and no result for it to process.
     */
    private OptionalInt read(String id) {
        EntityManager em = em();
        String sql = READ.sql(em);
        return em.unwrap(Session.class).doReturningWork(connection -> read(connection, sql, id));
    }

    /**
     * The user's consecutive failures as the transaction of {@code connection} sees them (0 when
     * none were counted yet): for a transaction that is not this session's (a send's budgets').
     */
    public int failuresIn(Connection connection, String realmId, String userId) throws SQLException {
        return read(connection, READ.sql(this::em), id(realmId, userId)).orElse(0);
    }

    private static OptionalInt read(Connection connection, String sql, String id) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, id);
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? OptionalInt.of(row.getInt(1)) : OptionalInt.empty();
            }
        }
    }

    private static final TableStatement READ = new TableStatement(PinFailureEntity.class, PinFailureStore::readStatement);

    static String readStatement(String table) {
        return "SELECT FAILURES FROM " + table + " WHERE ID = ?";
    }

    /**
     * Makes sure the user's row exists, in a transaction of its own (call it before taking any
     * lock: it uses a second connection). A concurrent creation by another request is fine.
     *
     * @return the failures counted when the row was there already; empty when it was just created
     */
    public OptionalInt ensureRow(String realmId, String userId, long nowMillis) {
        OptionalInt found = read(id(realmId, userId));
        if (found.isPresent()) {
            return found; // there already (the usual case): no second connection needed
        }
        KeycloakSessionFactory factory = session.getKeycloakSessionFactory();
        try {
            KeycloakModelUtils.runJobInTransaction(factory, s -> {
                EntityManager other = JpaRateLimiter.entityManager(s);
                if (other.find(PinFailureEntity.class, id(realmId, userId)) == null) {
                    PinFailureEntity row = new PinFailureEntity();
                    row.setId(id(realmId, userId));
                    row.setRealmId(realmId);
                    row.setUpdatedAt(nowMillis);
                    other.persist(row);
                    other.flush();
                }
            });
        } catch (RuntimeException createdByAnotherRequest) {
            // The other request created it: all we need.
        }
        return OptionalInt.empty();
    }

    /** Counts one more failure, atomically; returns the new count. Needs {@link #ensureRow} first. */
    public int increment(String realmId, String userId, long nowMillis) {
        String id = id(realmId, userId);
        EntityManager em = em();
        int updated = em.createNamedQuery("pin2fa.failuresIncrement").setParameter("id", id).setParameter("now", nowMillis)
                .executeUpdate();
        if (updated == 0) {
            PinFailureEntity row = new PinFailureEntity(); // no row after all: this transaction creates it
            row.setId(id);
            row.setRealmId(realmId);
            row.setFailures(1);
            row.setUpdatedAt(nowMillis);
            em.persist(row);
            em.flush();
            return 1;
        }
        return failures(realmId, userId);
    }

    /** Back to zero, after a right PIN or an admin's reset. */
    public void reset(String realmId, String userId, long nowMillis) {
        em().createNamedQuery("pin2fa.failuresReset").setParameter("id", id(realmId, userId)).setParameter("now", nowMillis)
                .executeUpdate();
    }

    public void deleteRealm(String realmId) {
        em().createNamedQuery("pin2fa.deleteFailuresOfRealm").setParameter("realmId", realmId).executeUpdate();
    }

    private static String id(String realmId, String userId) {
        return realmId + ":" + userId;
    }
}
