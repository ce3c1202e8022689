package io.github.keycloakpin2fa.engine.guard;

import io.github.keycloakpin2fa.engine.time.Limit;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * An application's protection of what it sends: geo permissions by destination country
 * (ISO 3166 region codes, as libphonenumber gives them), blocked number types, a budget per
 * destination country, and SMS-pumping detection. Infobip has no such settings; the API carries
 * them in an extra {@code security} object of the application.
 *
 * @param allowedCountries when not empty, the only countries PINs may go to
 * @param blockedCountries countries PINs never go to
 * @param blockedNumberTypes number types PINs never go to
 * @param sendPinPerCountryLimit PINs to one destination country (logins and API)
 * @param pumping SMS-pumping detection
 */
public record SendProtection(Set<String> allowedCountries, Set<String> blockedCountries, Set<NumberType> blockedNumberTypes,
        Limit sendPinPerCountryLimit, PumpingPolicy pumping) {

    /** High-cost ranges blocked unless the admin says otherwise. */
    public static final Set<NumberType> HIGH_COST =
            Set.copyOf(EnumSet.of(NumberType.PREMIUM_RATE, NumberType.SHARED_COST, NumberType.PERSONAL_NUMBER, NumberType.UAN));

    /** All countries, high-cost ranges blocked, 1000 PINs an hour per country, pumping detection on. */
    public static final SendProtection DEFAULTS =
            new SendProtection(Set.of(), Set.of(), HIGH_COST, Limit.parse("1000/1h"), PumpingPolicy.DEFAULTS);

    /** Copies the sets and checks presence. */
    public SendProtection {
        allowedCountries = Set.copyOf(allowedCountries);
        blockedCountries = Set.copyOf(blockedCountries);
        blockedNumberTypes = Set.copyOf(blockedNumberTypes);
        Objects.requireNonNull(sendPinPerCountryLimit, "sendPinPerCountryLimit");
        Objects.requireNonNull(pumping, "pumping");
    }

    /**
     * Whether the application may send to a number of this country and type.
     *
     * @param region the number's region code, or null when unknown (an unknown country is never
     *     on an allow list)
     * @param type the number's type
     * @return empty when allowed, else why not
     */
    public Optional<SendRefusal.Blocked> check(String region, NumberType type) {
        if (region != null && blockedCountries.contains(region)) {
            return Optional.of(new SendRefusal.Blocked(SendRefusal.Reason.COUNTRY_BLOCKED));
        }
        if (!allowedCountries.isEmpty() && (region == null || !allowedCountries.contains(region))) {
            return Optional.of(new SendRefusal.Blocked(SendRefusal.Reason.COUNTRY_NOT_ALLOWED));
        }
        if (type != null && blockedNumberTypes.contains(type)) {
            return Optional.of(new SendRefusal.Blocked(SendRefusal.Reason.NUMBER_TYPE_BLOCKED));
        }
        return Optional.empty();
    }
}
