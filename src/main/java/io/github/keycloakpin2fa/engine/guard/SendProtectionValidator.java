package io.github.keycloakpin2fa.engine.guard;

import io.github.keycloakpin2fa.engine.time.Limit;
import io.github.keycloakpin2fa.engine.time.LimitFormat;
import io.github.keycloakpin2fa.engine.time.TimeBound;
import io.github.keycloakpin2fa.engine.time.TimeFormat;
import io.github.keycloakpin2fa.engine.time.TimeLength;
import io.github.keycloakpin2fa.engine.validation.ValidationErrors;
import io.github.keycloakpin2fa.engine.validation.ValidationException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Turns a {@link SendProtectionDraft} into a {@link SendProtection}, reporting every broken rule at
 * once under {@code security.<field>}. Countries are region codes the caller's predicate knows
 * (libphonenumber's); a country may not be both allowed and blocked; number types are
 * {@link NumberType} names; limit windows and the pumping window are at most one day (PIN records,
 * which the conversion is counted from, are kept one day after they expire).
 */
public final class SendProtectionValidator {

    /** The most countries one list may hold (there are about 250). */
    public static final int MAX_COUNTRIES = 300;
    /** Limit windows and the pumping window are at most one day. */
    public static final TimeBound WINDOW = new TimeBound(Duration.ofDays(1), "Time window must be at most 1 day (1d)");

    private static final String PREFIX = "security.";

    private SendProtectionValidator() {
    }

    /**
     * @param draft the request; null means all defaults
     * @param knownRegion whether a region code exists
     * @throws ValidationException listing every broken rule
     */
    public static SendProtection validate(SendProtectionDraft draft, Predicate<String> knownRegion) {
        if (draft == null) {
            return SendProtection.DEFAULTS;
        }
        SendProtection defaults = SendProtection.DEFAULTS;
        ValidationErrors errors = new ValidationErrors();
        Set<String> allowed = countries(errors, "allowedCountries", draft.allowedCountries(), knownRegion);
        Set<String> blocked = countries(errors, "blockedCountries", draft.blockedCountries(), knownRegion);
        Set<String> both = new TreeSet<>(allowed);
        both.retainAll(blocked);
        if (!both.isEmpty()) {
            errors.add(PREFIX + "blockedCountries", "may not name a country that allowedCountries names: " + both);
        }
        Set<NumberType> types = types(errors, draft.blockedNumberTypes(), defaults.blockedNumberTypes());
        Limit perCountry = limit(errors, PREFIX + "sendPinPerCountryLimit", draft.sendPinPerCountryLimit(),
                defaults.sendPinPerCountryLimit());
        PumpingPolicy pumping = pumping(errors, draft.pumpingProtection(), defaults.pumping());
        errors.throwIfAny();
        return new SendProtection(allowed, blocked, types, perCountry, pumping);
    }

    private static Set<String> countries(ValidationErrors errors, String field, List<String> values, Predicate<String> known) {
        Set<String> result = new LinkedHashSet<>();
        if (values == null) {
            return result;
        }
        if (values.size() > MAX_COUNTRIES) {
            errors.add(PREFIX + field, "may hold at most " + MAX_COUNTRIES + " countries");
            return result;
        }
        for (String value : values) {
            String code = value == null ? null : value.strip().toUpperCase(Locale.ROOT);
            if (code == null || !code.matches("[A-Z]{2}") || !known.test(code)) {
                errors.add(PREFIX + field, "must hold two-letter region codes such as CH or DE; unknown: " + value);
                continue;
            }
            result.add(code);
        }
        return result;
    }

    private static Set<NumberType> types(ValidationErrors errors, List<String> values, Set<NumberType> fallback) {
        if (values == null) {
            return fallback;
        }
        Set<NumberType> result = EnumSet.noneOf(NumberType.class);
        for (String value : values) {
            try {
                result.add(NumberType.valueOf(value == null ? "" : value.strip().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                errors.add(PREFIX + "blockedNumberTypes", "unknown number type " + value + "; known: " + List.of(NumberType.values()));
            }
        }
        return result;
    }

    private static PumpingPolicy pumping(ValidationErrors errors, SendProtectionDraft.PumpingDraft draft, PumpingPolicy d) {
        if (draft == null) {
            return d;
        }
        String p = PREFIX + "pumpingProtection.";
        TimeLength window = d.window();
        if (draft.window() != null) {
            Optional<TimeLength> parsed = TimeFormat.tryParse(draft.window());
            if (parsed.isEmpty()) {
                errors.add(p + "window", TimeFormat.ERROR);
            } else if (!WINDOW.allows(parsed.get())) {
                errors.add(p + "window", WINDOW.message());
            } else {
                window = parsed.get();
            }
        }
        int minSends = d.minSends();
        if (draft.minSends() != null) {
            if (draft.minSends() < 1 || draft.minSends() > 1_000_000) {
                errors.add(p + "minSends", "must be between 1 and 1000000");
            } else {
                minSends = draft.minSends();
            }
        }
        int minConversion = d.minConversionPercent();
        if (draft.minConversionPercent() != null) {
            if (draft.minConversionPercent() < 0 || draft.minConversionPercent() > 100) {
                errors.add(p + "minConversionPercent", "must be between 0 and 100");
            } else {
                minConversion = draft.minConversionPercent();
            }
        }
        Limit throttled = limit(errors, p + "throttledLimit", draft.throttledLimit(), d.throttledLimit());
        boolean enabled = draft.enabled() == null ? d.enabled() : draft.enabled();
        return new PumpingPolicy(enabled, window, minSends, minConversion, throttled);
    }

    private static Limit limit(ValidationErrors errors, String field, String text, Limit fallback) {
        if (text == null) {
            return fallback;
        }
        Optional<Limit> limit = LimitFormat.tryParse(text);
        if (limit.isEmpty()) {
            errors.add(field, LimitFormat.ERROR);
            return fallback;
        }
        if (!WINDOW.allows(limit.get().window())) {
            errors.add(field, WINDOW.message());
            return fallback;
        }
        return limit.get();
    }
}
