package io.github.keycloakpin2fa.storage.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/**
 * One PIN: its keyed hash (never the PIN), where it went, its attempts and its verification.
 * Rows are read and written under a row lock, so parallel verifies of one PIN are serialised
 * across the cluster; they are purged a while after they expire.
 */
@Entity
@Table(name = "PIN2FA_PIN")
@NamedQueries({
    @NamedQuery(name = "pin2fa.verifications",
            query = "select p from PinRecordEntity p where p.realmId = :realmId and p.applicationId = :applicationId"
                    + " and p.destination = :destination order by p.createdAt desc"),
    @NamedQuery(name = "pin2fa.purgeablePins", query = "select p.id from PinRecordEntity p where p.purgeAt < :now order by p.purgeAt"),
    @NamedQuery(name = "pin2fa.deletePins", query = "delete from PinRecordEntity p where p.id in :ids and p.purgeAt < :now"),
    @NamedQuery(name = "pin2fa.deletePinsOfRealm", query = "delete from PinRecordEntity p where p.realmId = :realmId"),
    @NamedQuery(name = "pin2fa.deleteOutboxOfRealm", query = "delete from DevOutboxEntity m where m.realmId = :realmId"),
    @NamedQuery(name = "pin2fa.purgeOutbox", query = "delete from DevOutboxEntity m where m.sentAt < :before")
})
public class PinRecordEntity {

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    @Column(name = "APPLICATION_ID", length = 36, nullable = false)
    private String applicationId;

    @Column(name = "MESSAGE_ID", length = 36, nullable = false)
    private String messageId;

    @Column(name = "CHANNEL", length = 16, nullable = false)
    private String channel;

    @Column(name = "DESTINATION", length = 320, nullable = false)
    private String destination;

    @Column(name = "PIN_HASH", length = 128, nullable = false)
    private String pinHash;

    @Column(name = "PIN_TYPE", length = 16, nullable = false)
    private String pinType;

    @Column(name = "CREATED_AT", nullable = false)
    private long createdAt;

    @Column(name = "SENT_AT")
    private Long sentAt;

    @Column(name = "EXPIRES_AT", nullable = false)
    private long expiresAt;

    @Column(name = "ATTEMPTS_REMAINING", nullable = false)
    private int attemptsRemaining;

    @Column(name = "ALLOW_MULTIPLE", nullable = false)
    private boolean allowMultipleVerifications;

    @Column(name = "VERIFIED", nullable = false)
    private boolean verified;

    @Column(name = "VERIFIED_AT")
    private Long verifiedAt;

    @Column(name = "CONSUMED", nullable = false)
    private boolean consumed;

    @Column(name = "DELIVERY_STATUS", length = 64)
    private String deliveryStatus;

    @Column(name = "PURGE_AT", nullable = false)
    private long purgeAt;

    /** The destination's country (ISO 3166 region), or null for email and unknown numbers. */
    @Column(name = "REGION", length = 3)
    private String region;

    public String getId() { return id; }
    public void setId(String id) { this.id = id; }
    public String getRealmId() { return realmId; }
    public void setRealmId(String realmId) { this.realmId = realmId; }
    public String getApplicationId() { return applicationId; }
    public void setApplicationId(String applicationId) { this.applicationId = applicationId; }
    public String getMessageId() { return messageId; }
    public void setMessageId(String messageId) { this.messageId = messageId; }
    public String getChannel() { return channel; }
    public void setChannel(String channel) { this.channel = channel; }
    public String getDestination() { return destination; }
    public void setDestination(String destination) { this.destination = destination; }
    public String getPinHash() { return pinHash; }
    public void setPinHash(String pinHash) { this.pinHash = pinHash; }
    public String getPinType() { return pinType; }
    public void setPinType(String pinType) { this.pinType = pinType; }
    public long getCreatedAt() { return createdAt; }
    public void setCreatedAt(long createdAt) { this.createdAt = createdAt; }
    public Long getSentAt() { return sentAt; }
    public void setSentAt(Long sentAt) { this.sentAt = sentAt; }
    public long getExpiresAt() { return expiresAt; }
    public void setExpiresAt(long expiresAt) { this.expiresAt = expiresAt; }
    public int getAttemptsRemaining() { return attemptsRemaining; }
    public void setAttemptsRemaining(int attemptsRemaining) { this.attemptsRemaining = attemptsRemaining; }
    public boolean isAllowMultipleVerifications() { return allowMultipleVerifications; }
    public void setAllowMultipleVerifications(boolean allow) { this.allowMultipleVerifications = allow; }
    public boolean isVerified() { return verified; }
    public void setVerified(boolean verified) { this.verified = verified; }
    public Long getVerifiedAt() { return verifiedAt; }
    public void setVerifiedAt(Long verifiedAt) { this.verifiedAt = verifiedAt; }
    public boolean isConsumed() { return consumed; }
    public void setConsumed(boolean consumed) { this.consumed = consumed; }
    public String getDeliveryStatus() { return deliveryStatus; }
    public void setDeliveryStatus(String deliveryStatus) { this.deliveryStatus = deliveryStatus; }
    public long getPurgeAt() { return purgeAt; }
    public void setPurgeAt(long purgeAt) { this.purgeAt = purgeAt; }
    public String getRegion() { return region; }
    public void setRegion(String region) { this.region = region; }
}
