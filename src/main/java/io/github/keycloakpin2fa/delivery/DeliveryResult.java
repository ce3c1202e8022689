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

    /**
     * The same result with every copy of {@code secret} in its detail replaced: a vendor that
     * echoes the request (a webhook gateway, say) would otherwise put the PIN into a log.
     */
    public DeliveryResult scrubbed(String secret) {
        if (detail == null || secret == null || secret.isEmpty()) {
            return this;
        }
        String spaced = String.join(" ", secret.split(""));
        String clean = detail.replace(secret, "[PIN]").replace(spaced, "[PIN]");
        return clean.equals(detail) ? this : new DeliveryResult(status, vendorMessageId, clean);
    }

    public boolean isAccepted() {
        return status == DeliveryStatus.ACCEPTED;
    }
}
