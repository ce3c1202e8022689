package io.github.keycloakpin2fa.storage.jpa;

import java.sql.Connection;
import java.sql.SQLException;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.connections.jpa.JpaConnectionProviderFactory;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * A short transaction on a connection of its own, outside the request's transaction, committed
 * (or rolled back) before it returns: the way Keycloak takes its own database lock (its
 * {@code LiquibaseDBLockProvider}: the JTA transaction suspended, a connection from the
 * server's pool). It sets up no Keycloak session, entity manager or JTA transaction, which
 * {@link KeycloakModelUtils#runJobInTransaction} does, so it suits plain statements on the hot
 * path: a send's rate-limit windows, which must not stay locked while a vendor has the message.
 */
final class OwnConnection {

    /** Plain statements on the transaction's connection. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private OwnConnection() {
    }

    /**
     * Runs {@code work} and commits; rolls back when it throws, and passes what it threw on (an
     * {@link SQLException} wrapped in an unchecked one).
     */
    static <T> T inTransaction(KeycloakSessionFactory sessions, Work<T> work) {
        JpaConnectionProviderFactory pool = (JpaConnectionProviderFactory) sessions.getProviderFactory(JpaConnectionProvider.class);
        Object[] result = new Object[1];
        KeycloakModelUtils.suspendJtaTransaction(sessions, () -> result[0] = run(pool, work));
        @SuppressWarnings("unchecked")
        T done = (T) result[0];
        return done;
    }

    private static <T> T run(JpaConnectionProviderFactory pool, Work<T> work) {
        try (Connection connection = pool.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                rollBack(connection, e);
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    /** A statement's failure, unchecked (and not a race the caller takes again). */
    static IllegalStateException failed(SQLException e) {
        return new IllegalStateException("A statement on the database failed: " + e.getMessage(), e);
    }

    private static void rollBack(Connection connection, Throwable cause) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }
}
