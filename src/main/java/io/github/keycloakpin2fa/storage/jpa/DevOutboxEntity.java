package io.github.keycloakpin2fa.storage.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/**
 * A message the dev sender "sent", kept so a realm admin can read it. Exists only in development
 * mode, where showing PINs is the point; the newest messages of each realm are kept.
 */
@Entity
@Table(name = "PIN2FA_DEV_OUTBOX")
@NamedQueries({
    @NamedQuery(name = "pin2fa.outbox",
            query = "select m from DevOutboxEntity m where m.realmId = :realmId order by m.sentAt desc, m.sequence desc"),
    @NamedQuery(name = "pin2fa.outboxTrim",
            query = "delete from DevOutboxEntity m where m.realmId = :realmId and m.sentAt < :before")
})
public class DevOutboxEntity {

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    @Column(name = "RECIPIENT", length = 320, nullable = false)
    private String recipient;

    @Column(name = "CHANNEL", length = 16, nullable = false)
    private String channel;

    @Column(name = "TEXT", length = 4000, nullable = false)
    private String text;

    @Column(name = "SENT_AT", nullable = false)
    private long sentAt;

    @Column(name = "SEQ", nullable = false)
    private long sequence;

    public String getId() { return id; }
    public void setId(String id) { this.id = id; }
    public String getRealmId() { return realmId; }
    public void setRealmId(String realmId) { this.realmId = realmId; }
    public String getRecipient() { return recipient; }
    public void setRecipient(String recipient) { this.recipient = recipient; }
    public String getChannel() { return channel; }
    public void setChannel(String channel) { this.channel = channel; }
    public String getText() { return text; }
    public void setText(String text) { this.text = text; }
    public long getSentAt() { return sentAt; }
    public void setSentAt(long sentAt) { this.sentAt = sentAt; }
    public long getSequence() { return sequence; }
    public void setSequence(long sequence) { this.sequence = sequence; }
}
