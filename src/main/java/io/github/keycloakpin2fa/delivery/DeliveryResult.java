package io.github.keycloakpin2fa.delivery;

import java.util.Objects;

/**
 * A delivery provider's answer for one message.
 *
 * @param status accepted, rejected or unknown
 * @param vendorMessageId the vendor's id for the message, or {@code null}
 * @param detail a short reason for operators (never the message text or PIN), or {@code null}
 */
public record DeliveryResult(DeliveryStatus status, String vendorMessageId, String detail) {

    public DeliveryResult {
        Objects.requireNonNull(status, "status");
    }

    public static DeliveryResult accepted(String vendorMessageId) {
        return new DeliveryResult(DeliveryStatus.ACCEPTED, vendorMessageId, null);
    }

    public static DeliveryResult rejected(String detail) {
        return new DeliveryResult(DeliveryStatus.REJECTED, null, detail);
    }

    /** The vendor may have taken the message: nobody may send it again elsewhere. */
    public static DeliveryResult unknown(String detail) {
        return new DeliveryResult(DeliveryStatus.UNKNOWN, null, detail);
    }

    public boolean isAccepted() {
        return status == DeliveryStatus.ACCEPTED;
    }
}
