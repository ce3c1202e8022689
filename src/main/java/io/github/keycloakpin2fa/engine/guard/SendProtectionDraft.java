package io.github.keycloakpin2fa.engine.guard;

import java.util.List;

/**
 * An application's {@code security} object as a request gives it: every field may be missing
 * (null), which means its default. {@link SendProtectionValidator} turns it into a
 * {@link SendProtection}.
 */
public record SendProtectionDraft(List<String> allowedCountries, List<String> blockedCountries, List<String> blockedNumberTypes,
        String sendPinPerCountryLimit, PumpingDraft pumpingProtection) {

    /** The {@code pumpingProtection} object. */
    public record PumpingDraft(Boolean enabled, String window, Integer minSends, Integer minConversionPercent,
            String throttledLimit) {
    }
}
