package io.github.keycloakpin2fa.storage.jpa;

import io.github.keycloakpin2fa.engine.verification.PinState;
import java.util.Objects;

/**
 * One PIN as the store keeps it: the engine's {@link PinState} and what the server adds around
 * it. The JPA entity behind it never leaves this package.
 *
 * @param realmId the realm it belongs to
 * @param applicationId the application it was sent through
 * @param messageId the template it was sent with
 * @param channel the channel of its last send ({@code SMS}, {@code VOICE}, {@code EMAIL})
 * @param keyId the id of the realm key its hash was made with
 * @param state the engine's state, with the bare hash
 * @param sentAt when its last send was handed to a provider (ms), or null when none was
 * @param deliveryStatus what the provider said about the last send, or null
 * @param region the destination's country (ISO 3166), or null for email and unknown numbers:
 *     what the send guard's verify/send conversion per country counts by
 */
public record StoredPin(String realmId, String applicationId, String messageId, String channel, String keyId, PinState state,
        Long sentAt, String deliveryStatus, String region) {

    /** Checks presence. */
    public StoredPin {
        Objects.requireNonNull(realmId, "realmId");
        Objects.requireNonNull(applicationId, "applicationId");
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(state, "state");
    }

    /** Without a country. */
    public StoredPin(String realmId, String applicationId, String messageId, String channel, String keyId, PinState state,
            Long sentAt, String deliveryStatus) {
        this(realmId, applicationId, messageId, channel, keyId, state, sentAt, deliveryStatus, null);
    }

    public String pinId() {
        return state.pinId();
    }

    public StoredPin withState(PinState next) {
        return new StoredPin(realmId, applicationId, messageId, channel, keyId, next, sentAt, deliveryStatus, region);
    }

    /** After a resend (the same PIN, the same hash): the channel it went out on last. */
    public StoredPin withChannel(String nextChannel) {
        return new StoredPin(realmId, applicationId, messageId, nextChannel, keyId, state, sentAt, deliveryStatus, region);
    }

    /**
     * What became of a PIN's first send, over its record written (as sent) before it went out:
     * {@code sentAtMillis} null when nothing did.
     */
    public StoredPin firstSend(Long sentAtMillis, String status) {
        return new StoredPin(realmId, applicationId, messageId, channel, keyId, state, sentAtMillis, status, region);
    }

    /** What became of a resend: {@code sentAtMillis} null when nothing went out (the earlier send's time stays). */
    public StoredPin delivered(Long sentAtMillis, String status) {
        return new StoredPin(realmId, applicationId, messageId, channel, keyId, state, sentAtMillis != null ? sentAtMillis : sentAt,
                status, region);
    }
}
