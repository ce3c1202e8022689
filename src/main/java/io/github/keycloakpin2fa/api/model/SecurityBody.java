package io.github.keycloakpin2fa.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.github.keycloakpin2fa.engine.guard.NumberType;
import io.github.keycloakpin2fa.engine.guard.PumpingPolicy;
import io.github.keycloakpin2fa.engine.guard.SendProtection;
import io.github.keycloakpin2fa.engine.guard.SendProtectionDraft;
import java.util.List;

/**
 * An application's {@code security} object: our extension of Infobip's application (Infobip's
 * clients ignore fields they do not know). Geo permissions, blocked number types, the budget
 * per destination country and SMS-pumping detection.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"allowedCountries", "blockedCountries", "blockedNumberTypes", "sendPinPerCountryLimit", "pumpingProtection"})
public record SecurityBody(List<String> allowedCountries, List<String> blockedCountries, List<String> blockedNumberTypes,
        String sendPinPerCountryLimit, PumpingBody pumpingProtection) {

    /** The {@code pumpingProtection} object. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"enabled", "window", "minSends", "minConversionPercent", "throttledLimit"})
    public record PumpingBody(Boolean enabled, String window, Integer minSends, Integer minConversionPercent, String throttledLimit) {
    }

    public SendProtectionDraft toDraft() {
        PumpingBody p = pumpingProtection;
        return new SendProtectionDraft(allowedCountries, blockedCountries, blockedNumberTypes, sendPinPerCountryLimit,
                p == null ? null : new SendProtectionDraft.PumpingDraft(p.enabled(), p.window(), p.minSends(),
                        p.minConversionPercent(), p.throttledLimit()));
    }

    public static SecurityBody of(SendProtection s) {
        PumpingPolicy p = s.pumping();
        return new SecurityBody(s.allowedCountries().stream().sorted().toList(), s.blockedCountries().stream().sorted().toList(),
                s.blockedNumberTypes().stream().map(NumberType::name).sorted().toList(), s.sendPinPerCountryLimit().toString(),
                new PumpingBody(p.enabled(), p.window().toString(), p.minSends(), p.minConversionPercent(),
                        p.throttledLimit().toString()));
    }
}
