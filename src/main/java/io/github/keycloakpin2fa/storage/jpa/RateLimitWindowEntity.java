package io.github.keycloakpin2fa.storage.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/**
 * One limited key's window: its few slots of counted events as compact text (see the engine's
 * {@code SlidingWindowCounter}), so a decision reads and writes one short row however many events
 * the window holds. The row is locked ({@code SELECT ... FOR UPDATE}) while it is decided and
 * rewritten, so two nodes can never both take the last free place.
 */
@Entity
@Table(name = "PIN2FA_RATE_WINDOW")
@NamedQueries({
    // Sixteen single parameters, not one list: Hibernate caches the translation of a query only
    // when its parameters are single values, and the database its plan only when its text is the
    // same (JpaRateLimiter pads a shorter list with its last key).
    @NamedQuery(name = RateLimitWindowEntity.LOCK_WINDOWS,
            query = "select w from RateLimitWindowEntity w where w.limitKey in (:k0, :k1, :k2, :k3, :k4, :k5, :k6, :k7,"
                    + " :k8, :k9, :k10, :k11, :k12, :k13, :k14, :k15) order by w.limitKey"),
    @NamedQuery(name = "pin2fa.purgeableWindows",
            query = "select w.limitKey from RateLimitWindowEntity w where w.expiresAt < :now order by w.expiresAt"),
    @NamedQuery(name = "pin2fa.deleteWindows", query = "delete from RateLimitWindowEntity w where w.limitKey in :keys and w.expiresAt < :now"),
    @NamedQuery(name = "pin2fa.deleteWindowsOfRealm", query = "delete from RateLimitWindowEntity w where w.limitKey like :pattern")
})
public class RateLimitWindowEntity {

    /** The rows of up to {@value #LOCK_WINDOWS_KEYS} keys, named {@code k0} to {@code k15}. */
    static final String LOCK_WINDOWS = "pin2fa.windows";
    static final int LOCK_WINDOWS_KEYS = 16;

    @Id
    @Column(name = "LIMIT_KEY", length = 255)
    private String limitKey;

    @Column(name = "SLOTS", length = 4000, nullable = false)
    private String slots;

    @Column(name = "EXPIRES_AT", nullable = false)
    private long expiresAt;

    public String getLimitKey() { return limitKey; }
    public void setLimitKey(String limitKey) { this.limitKey = limitKey; }
    public String getSlots() { return slots; }
    public void setSlots(String slots) { this.slots = slots; }
    public long getExpiresAt() { return expiresAt; }
    public void setExpiresAt(long expiresAt) { this.expiresAt = expiresAt; }
}
