package io.github.keycloakpin2fa.storage.jpa;

import jakarta.persistence.EntityManager;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.hibernate.engine.spi.SessionFactoryImplementor;

/**
 * The text of a plain SQL statement on one entity's table, as Hibernate names the table (with
 * Keycloak's {@code db-schema}, if set), made the first time it is asked for. The text never
 * changes afterwards, so the database keeps one parsed copy of it.
 */
final class TableStatement {

    private final Class<?> entity;
    private final UnaryOperator<String> text;
    private volatile String sql;

    /**
     * @param entity the entity whose table the statement works on
     * @param text the statement for a table name
     */
    TableStatement(Class<?> entity, UnaryOperator<String> text) {
        this.entity = Objects.requireNonNull(entity, "entity");
        this.text = Objects.requireNonNull(text, "text");
    }

    String sql(EntityManager em) {
        return sql(() -> em);
    }

    /**
     * @param em an entity manager, asked for only the first time (a caller that may not need one
     *     otherwise creates none)
     */
    String sql(Supplier<EntityManager> em) {
        String made = sql;
        if (made == null) {
            String table = em.get().getEntityManagerFactory().unwrap(SessionFactoryImplementor.class).getMappingMetamodel()
                    .getEntityDescriptor(entity).getIdentifierTableDetails().getTableName();
            made = text.apply(table);
            sql = made;
        }
        return made;
    }
}
