package io.github.keycloakpin2fa.storage.jpa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import jakarta.persistence.EntityManager;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.OptionalInt;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.mockito.Mockito;

/** The account's wrong-PIN counter is read by one plain statement on the transaction's connection. */
class PinFailureStoreTest {

    private final KeycloakSession session = mock(KeycloakSession.class);
    private final EntityManager em = mock(EntityManager.class);
    private Connection connection;
    private final PreparedStatement read = mock(PreparedStatement.class);
    private final ResultSet row = mock(ResultSet.class);
    private PinFailureStore store;

    @BeforeEach
    void setUp() throws Exception {
        JpaConnectionProvider jpa = mock(JpaConnectionProvider.class);
        when(jpa.getEntityManager()).thenReturn(em);
        when(session.getProvider(JpaConnectionProvider.class)).thenReturn(jpa);
        when(session.getKeycloakSessionFactory()).thenReturn(mock(KeycloakSessionFactory.class));
        connection = TransactionConnection.of(em, PinFailureEntity.class, "PIN2FA_PIN_FAILURES");
        when(connection.prepareStatement("SELECT FAILURES FROM PIN2FA_PIN_FAILURES WHERE ID = ?")).thenReturn(read);
        when(read.executeQuery()).thenReturn(row);
        store = new PinFailureStore(session);
    }

    @Test
    void the_counter_is_the_user_s_row_in_the_realm() throws Exception {
        when(row.next()).thenReturn(true);
        when(row.getInt(1)).thenReturn(7);

        assertThat(store.failures("realm-1", "user-1")).isEqualTo(7);

        verify(read).setString(1, "realm-1:user-1");
        verify(em, Mockito.never()).createNamedQuery(any(), any());
    }

    @Test
    void no_row_counts_no_failures() throws Exception {
        when(row.next()).thenReturn(false);

        assertThat(store.failures("realm-1", "user-1")).isZero();
    }

    @Test
    void a_row_that_is_there_needs_no_transaction_of_its_own() throws Exception {
        when(row.next()).thenReturn(true);
        when(row.getInt(1)).thenReturn(0);

        assertThat(store.ensureRow("realm-1", "user-1", 1_000)).isEqualTo(OptionalInt.of(0));

        verifyNoInteractions(session.getKeycloakSessionFactory());
    }

    @Test
    void the_statement_reads_one_column_by_the_primary_key() {
        assertThat(PinFailureStore.readStatement("KC.PIN2FA_PIN_FAILURES")).isEqualTo("SELECT FAILURES FROM KC.PIN2FA_PIN_FAILURES WHERE ID = ?");
    }
}
