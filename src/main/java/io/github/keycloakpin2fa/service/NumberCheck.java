package io.github.keycloakpin2fa.service;

import io.github.keycloakpin2fa.delivery.DeliveryMetrics;
import io.github.keycloakpin2fa.delivery.lookup.NumberLookupProvider;
import io.github.keycloakpin2fa.delivery.lookup.OfflineNumberLookupFactory;
import io.github.keycloakpin2fa.delivery.lookup.PhoneNumbers;
import io.github.keycloakpin2fa.delivery.lookup.Reachability;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * {@code ncNeeded=true}: the offline check first (a number that cannot exist is not reachable),
 * then the lookup the realm names in {@code pin2fa.number-lookup} (default {@code libphonenumber},
 * the offline check alone; {@code none} turns lookups off). Mapping onto Infobip's {@code ncStatus}:
 * reachable {@code NC_DESTINATION_REACHABLE}, not reachable {@code NC_DESTINATION_NOT_REACHABLE}
 * (no SMS is sent), unknown {@code NC_DESTINATION_UNKNOWN}, off {@code NC_NOT_CONFIGURED}.
 */
final class NumberCheck {

    static final String REALM_ATTRIBUTE = "pin2fa.number-lookup";
    private static final Logger LOG = Logger.getLogger(NumberCheck.class);

    private final KeycloakSession session;
    private final RealmModel realm;

    NumberCheck(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    NcStatus check(String msisdn) {
        String configured = realm.getAttribute(REALM_ATTRIBUTE);
        String providerId = configured == null || configured.isBlank() ? OfflineNumberLookupFactory.ID : configured.trim();
        if ("none".equals(providerId)) {
            return NcStatus.NC_NOT_CONFIGURED;
        }
        Reachability result;
        if (!PhoneNumbers.isValid(msisdn)) {
            result = Reachability.NOT_REACHABLE;
            providerId = OfflineNumberLookupFactory.ID;
        } else {
            NumberLookupProvider provider = session.getProvider(NumberLookupProvider.class, providerId);
            if (provider == null) {
                LOG.warnf("Number lookup %s named by realm %s is not available on this server", providerId, realm.getName());
                result = Reachability.UNKNOWN;
            } else {
                result = lookup(provider, providerId, msisdn);
            }
        }
        DeliveryMetrics.numberLookup(providerId, result.name());
        return switch (result) {
            case REACHABLE -> NcStatus.NC_DESTINATION_REACHABLE;
            case NOT_REACHABLE -> NcStatus.NC_DESTINATION_NOT_REACHABLE;
            case UNKNOWN -> NcStatus.NC_DESTINATION_UNKNOWN;
        };
    }

    /** A lookup that fails says nothing about the number: unknown, and the PIN is still sent. */
    private Reachability lookup(NumberLookupProvider provider, String providerId, String msisdn) {
        try {
            Reachability result = provider.lookup(msisdn);
            return result == null ? Reachability.UNKNOWN : result;
        } catch (RuntimeException e) {
            LOG.warnf("Number lookup %s failed in realm %s (%s): the destination counts as unknown", providerId, realm.getName(),
                    e.getClass().getSimpleName());
            return Reachability.UNKNOWN;
        }
    }
}
