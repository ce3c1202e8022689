package io.github.keycloakpin2fa.storage.jpa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import jakarta.transaction.Transaction;
import jakarta.transaction.TransactionManager;
import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.connections.jpa.JpaConnectionProviderFactory;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.transaction.JtaTransactionManagerLookup;
import org.mockito.InOrder;

/** A send's short transaction on a connection of its own, outside the request's JTA transaction. */
class OwnConnectionTest {

    private final KeycloakSessionFactory sessions = mock(KeycloakSessionFactory.class);
    private final JpaConnectionProviderFactory pool = mock(JpaConnectionProviderFactory.class);
    private final JtaTransactionManagerLookup lookup = mock(JtaTransactionManagerLookup.class);
    private final TransactionManager jta = mock(TransactionManager.class);
    private final Transaction request = mock(Transaction.class);
    private final Connection connection = mock(Connection.class);

    @BeforeEach
    void setUp() throws Exception {
        when(sessions.getProviderFactory(JpaConnectionProvider.class)).thenReturn(pool);
        when(sessions.getProviderFactory(JtaTransactionManagerLookup.class)).thenReturn(lookup);
        when(lookup.getTransactionManager()).thenReturn(jta);
        when(jta.suspend()).thenReturn(request);
        when(pool.getConnection()).thenReturn(connection);
        when(connection.getAutoCommit()).thenReturn(true); // as the pool hands it out, outside a transaction
    }

    @Test
    void the_work_runs_with_the_request_s_transaction_suspended_and_is_committed_before_it_resumes() throws Exception {
        String result = OwnConnection.inTransaction(sessions, c -> {
            assertThat(c).isSameAs(connection);
            return "done";
        });

        assertThat(result).isEqualTo("done");
        InOrder order = inOrder(jta, pool, connection);
        order.verify(jta).suspend();
        order.verify(pool).getConnection();
        order.verify(connection).setAutoCommit(false);
        order.verify(connection).commit();
        order.verify(connection).setAutoCommit(true); // given back to the pool as it came
        order.verify(connection).close();
        order.verify(jta).resume(request);
        verify(connection, never()).rollback();
    }

    @Test
    void what_the_work_throws_rolls_back_and_reaches_the_caller_as_thrown() throws Exception {
        IllegalStateException refusal = new IllegalStateException("refused");

        assertThatThrownBy(() -> OwnConnection.inTransaction(sessions, c -> {
            throw refusal;
        })).isSameAs(refusal);

        verify(connection).rollback();
        verify(connection, never()).commit();
        verify(connection).close();
        verify(jta).resume(request);
    }

    @Test
    void a_failed_statement_rolls_back_and_is_reported_with_its_cause() throws Exception {
        SQLException failed = new SQLException("deadlock");

        assertThatThrownBy(() -> OwnConnection.inTransaction(sessions, c -> {
            throw failed;
        })).isInstanceOf(IllegalStateException.class).hasCause(failed);

        verify(connection).rollback();
        verify(jta).resume(request);
    }
}
