package io.github.keycloakpin2fa.delivery.lookup;

import org.keycloak.provider.Provider;

/**
 * Looks a phone number up before an SMS is sent ({@code ncNeeded=true}). The public
 * {@code pin-number-lookup} SPI: a realm picks one with the attribute {@code pin2fa.number-lookup}.
 * Numbers that cannot exist never reach a provider: the offline check ({@code engine.destination.PhoneNumber#existsInNumberingPlan})
 * rejects them first.
 */
public interface NumberLookupProvider extends Provider {

    /** @param msisdn E.164 digits without {@code +}, already known to be a valid number */
    Reachability lookup(String msisdn);

    @Override
    default void close() {
    }
}
