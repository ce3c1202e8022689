package io.github.keycloakpin2fa.storage.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * One row per limited key, locked while its events are counted and a new one is added, so two
 * nodes can never both take the last free slot.
 */
@Entity
@Table(name = "PIN2FA_RATE_LOCK")
public class RateLimitLockEntity {

    @Id
    @Column(name = "LIMIT_KEY", length = 255)
    private String limitKey;

    @Column(name = "LAST_EVENT_AT", nullable = false)
    private long lastEventAt;

    public String getLimitKey() { return limitKey; }
    public void setLimitKey(String limitKey) { this.limitKey = limitKey; }
    public long getLastEventAt() { return lastEventAt; }
    public void setLastEventAt(long lastEventAt) { this.lastEventAt = lastEventAt; }
}
