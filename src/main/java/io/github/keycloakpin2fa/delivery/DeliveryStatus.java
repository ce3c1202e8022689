package io.github.keycloakpin2fa.delivery;

/**
 * What a delivery provider reports about one message, in terms that map onto Infobip's
 * {@code smsStatus}, {@code callStatus} and {@code emailStatus}.
 */
public enum DeliveryStatus {
    /** The vendor took the message; it is on its way. */
    ACCEPTED,
    /** The vendor refused the message, or it could not be reached; nothing was sent. */
    REJECTED,
    /**
     * The vendor's answer does not say whether the message went out (for example a read timeout
     * after the request was written). Never retried blindly: it may have been delivered.
     */
    UNKNOWN
}
