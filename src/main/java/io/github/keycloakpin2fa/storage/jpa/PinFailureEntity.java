package io.github.keycloakpin2fa.storage.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/**
 * A user's consecutive wrong PINs, across every PIN (login and enrolment): one row per user,
 * counted up by one atomic {@code UPDATE}, so that parallel guesses on any node all count.
 */
@Entity
@Table(name = "PIN2FA_PIN_FAILURES")
@NamedQueries({
    @NamedQuery(name = "pin2fa.failuresIncrement",
            query = "update PinFailureEntity f set f.failures = f.failures + 1, f.updatedAt = :now where f.id = :id"),
    @NamedQuery(name = "pin2fa.failuresReset",
            query = "update PinFailureEntity f set f.failures = 0, f.updatedAt = :now where f.id = :id and f.failures > 0"),
    @NamedQuery(name = "pin2fa.deleteFailuresOfRealm", query = "delete from PinFailureEntity f where f.realmId = :realmId")
})
public class PinFailureEntity {

    @Id
    @Column(name = "ID", length = 255)
    private String id;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    @Column(name = "FAILURES", nullable = false)
    private int failures;

    @Column(name = "UPDATED_AT", nullable = false)
    private long updatedAt;

    public String getId() { return id; }
    public void setId(String id) { this.id = id; }
    public String getRealmId() { return realmId; }
    public void setRealmId(String realmId) { this.realmId = realmId; }
    public int getFailures() { return failures; }
    public void setFailures(int failures) { this.failures = failures; }
    public long getUpdatedAt() { return updatedAt; }
    public void setUpdatedAt(long updatedAt) { this.updatedAt = updatedAt; }
}
