package io.github.keycloakpin2fa.storage.jpa;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import jakarta.persistence.EntityManager;
import jakarta.persistence.OptimisticLockException;
import jakarta.persistence.PersistenceException;
import org.hibernate.StaleStateException;
import org.junit.jupiter.api.Test;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;

/** A stale write found at flush becomes a conflict the API answers; other database failures stay what they are. */
class RealmConfigLockTest {

    private final KeycloakSession session = mock(KeycloakSession.class);
    private final EntityManager em = mock(EntityManager.class);

    RealmConfigLockTest() {
        JpaConnectionProvider jpa = mock(JpaConnectionProvider.class);
        when(session.getProvider(JpaConnectionProvider.class)).thenReturn(jpa);
        when(jpa.getEntityManager()).thenReturn(em);
    }

    @Test
    void an_optimistic_lock_failure_at_flush_is_a_concurrent_write() {
        doThrow(new OptimisticLockException("Row was updated or deleted by another transaction")).when(em).flush();

        assertThatThrownBy(() -> RealmConfigLock.flush(session)).isInstanceOf(RealmConfigLock.ConcurrentWriteException.class);
    }

    @Test
    void a_stale_delete_wrapped_by_jpa_is_a_concurrent_write() {
        doThrow(new PersistenceException(new StaleStateException("unexpected row count"))).when(em).flush();

        assertThatThrownBy(() -> RealmConfigLock.flush(session)).isInstanceOf(RealmConfigLock.ConcurrentWriteException.class);
    }

    @Test
    void any_other_database_failure_is_not_called_a_conflict() {
        doThrow(new PersistenceException("connection refused")).when(em).flush();

        assertThatThrownBy(() -> RealmConfigLock.flush(session)).isExactlyInstanceOf(PersistenceException.class);
    }
}
