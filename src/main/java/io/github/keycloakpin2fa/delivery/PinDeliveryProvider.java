package io.github.keycloakpin2fa.delivery;

import org.keycloak.provider.Provider;

/**
 * Sends one rendered PIN message through a vendor. This is the public SPI that third parties
 * implement to add a vendor: one class implementing this interface and one implementing
 * {@link PinDeliveryProviderFactory}, listed in
 * {@code META-INF/services/io.github.keycloakpin2fa.delivery.PinDeliveryProviderFactory}.
 *
 * <p>Rules every implementation follows: never log, store or echo the message text (it carries
 * the PIN); report what the vendor said instead of throwing where possible; return
 * {@link DeliveryStatus#UNKNOWN} when the vendor may have sent the message, so nobody retries it.
 */
public interface PinDeliveryProvider extends Provider {

    /** Sends the message and says what became of it. */
    DeliveryResult deliver(OutgoingMessage message);

    @Override
    default void close() {
    }
}
