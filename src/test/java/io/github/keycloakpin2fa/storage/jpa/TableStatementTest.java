package io.github.keycloakpin2fa.storage.jpa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;

/** A plain statement's text, for the table as Hibernate names it. */
class TableStatementTest {

    @Test
    void the_text_is_made_once_for_the_table_with_keycloak_s_schema() {
        EntityManager em = mock(EntityManager.class);
        EntityManagerFactory emf = mock(EntityManagerFactory.class);
        SessionFactoryImplementor hibernate = mock(SessionFactoryImplementor.class, Mockito.RETURNS_DEEP_STUBS);
        when(em.getEntityManagerFactory()).thenReturn(emf);
        when(emf.unwrap(SessionFactoryImplementor.class)).thenReturn(hibernate);
        when(hibernate.getMappingMetamodel().getEntityDescriptor(PinRecordEntity.class).getIdentifierTableDetails().getTableName())
                .thenReturn("KC.PIN2FA_PIN");
        AtomicInteger made = new AtomicInteger();
        TableStatement statement = new TableStatement(PinRecordEntity.class, table -> {
            made.incrementAndGet();
            return "SELECT ID FROM " + table;
        });

        assertThat(statement.sql(em)).isEqualTo("SELECT ID FROM KC.PIN2FA_PIN");
        assertThat(statement.sql(em)).isEqualTo("SELECT ID FROM KC.PIN2FA_PIN");
        assertThat(made).hasValue(1);
    }
}
