package io.github.keycloakpin2fa.storage.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/** One counted event (a send, a verify) of a limited key, kept while it can still count. */
@Entity
@Table(name = "PIN2FA_RATE_EVENT")
@NamedQueries({
    @NamedQuery(name = "pin2fa.eventsSinceNewestFirst",
            query = "select e.occurredAt from RateLimitEventEntity e where e.limitKey = :key and e.occurredAt > :since"
                    + " order by e.occurredAt desc"),
    @NamedQuery(name = "pin2fa.purgeEvents", query = "delete from RateLimitEventEntity e where e.expiresAt < :now"),
    @NamedQuery(name = "pin2fa.purgeLocks", query = "delete from RateLimitLockEntity l where l.lastEventAt < :before")
})
public class RateLimitEventEntity {

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    @Column(name = "LIMIT_KEY", length = 255, nullable = false)
    private String limitKey;

    @Column(name = "OCCURRED_AT", nullable = false)
    private long occurredAt;

    @Column(name = "EXPIRES_AT", nullable = false)
    private long expiresAt;

    public String getId() { return id; }
    public void setId(String id) { this.id = id; }
    public String getLimitKey() { return limitKey; }
    public void setLimitKey(String limitKey) { this.limitKey = limitKey; }
    public long getOccurredAt() { return occurredAt; }
    public void setOccurredAt(long occurredAt) { this.occurredAt = occurredAt; }
    public long getExpiresAt() { return expiresAt; }
    public void setExpiresAt(long expiresAt) { this.expiresAt = expiresAt; }
}
