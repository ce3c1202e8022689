package io.github.keycloakpin2fa.storage.jpa;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import java.sql.Connection;
import java.sql.SQLException;
import org.hibernate.Session;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.jdbc.ReturningWork;
import org.mockito.Mockito;

/**
 * For unit tests of the stores' plain statements: a mocked entity manager hands a mocked JDBC
 * connection to {@code Session.doReturningWork}, as Hibernate hands over the transaction's, and
 * names an entity's table as Hibernate's mapping would.
 */
public final class TransactionConnection {

    private TransactionConnection() {
    }

    /**
     * @return the connection the statements on {@code entity}'s table, {@code table}, will run on
     */
    public static Connection of(EntityManager em, Class<?> entity, String table) throws SQLException {
        Connection connection = mock(Connection.class);
        Session hibernate = mock(Session.class);
        when(em.unwrap(Session.class)).thenReturn(hibernate);
        when(hibernate.doReturningWork(any())).thenAnswer(call -> call.<ReturningWork<?>>getArgument(0).execute(connection));
        SessionFactoryImplementor factory = mock(SessionFactoryImplementor.class, Mockito.RETURNS_DEEP_STUBS);
        when(factory.getMappingMetamodel().getEntityDescriptor(entity).getIdentifierTableDetails().getTableName()).thenReturn(table);
        EntityManagerFactory emf = mock(EntityManagerFactory.class);
        when(em.getEntityManagerFactory()).thenReturn(emf);
        when(emf.unwrap(SessionFactoryImplementor.class)).thenReturn(factory);
        return connection;
    }
}
