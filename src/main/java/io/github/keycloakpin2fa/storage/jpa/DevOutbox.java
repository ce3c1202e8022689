package io.github.keycloakpin2fa.storage.jpa;

import io.github.keycloakpin2fa.storage.ServerClock;
import jakarta.persistence.EntityManager;
import java.util.List;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.utils.KeycloakModelUtils;

/** The dev sender's outbox: recent messages of a realm, in the database so every node sees them. */
public final class DevOutbox {

    /** Messages older than this are purged. */
    public static final long RETENTION_MILLIS = 24L * 60 * 60 * 1000;

    private final EntityManager em;

    public DevOutbox(KeycloakSession session) {
        this.em = JpaRateLimiter.entityManager(session);
    }

    /** A message as a realm admin reads it. */
    public record Message(String to, String channel, String text, long sentAt) {
    }

    /** Keeps one message (its text cut to 4000 characters); answers its id. */
    public String add(String realmId, String channel, String to, String text) {
        DevOutboxEntity entity = new DevOutboxEntity();
        entity.setId(KeycloakModelUtils.generateId());
        entity.setRealmId(realmId);
        entity.setRecipient(to);
        entity.setChannel(channel);
        entity.setText(text.length() > 4000 ? text.substring(0, 4000) : text);
        entity.setSentAt(ServerClock.INSTANCE.millis());
        entity.setSequence(System.nanoTime());
        em.persist(entity);
        return entity.getId();
    }

    /** The newest messages first. */
    public List<Message> recent(String realmId, int max) {
        return em.createNamedQuery("pin2fa.outbox", DevOutboxEntity.class)
                .setParameter("realmId", realmId)
                .setMaxResults(max)
                .getResultStream()
                .map(m -> new Message(m.getRecipient(), m.getChannel(), m.getText(), m.getSentAt()))
                .toList();
    }
}
