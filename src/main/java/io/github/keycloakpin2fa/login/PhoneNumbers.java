package io.github.keycloakpin2fa.login;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.Locale;
import java.util.Set;

/** Reads a phone number as a person types it and gives it back in E.164, with libphonenumber. */
public final class PhoneNumbers {

    /** Longer input is not a phone number, whatever it contains. */
    static final int MAX_INPUT = 40;

    /**
     * Numbers a PIN must never go to: calls and texts to them cost the sender money or reach no
     * person (premium-rate numbers are how "SMS pumping" fraud earns).
     */
    private static final Set<PhoneNumberType> REFUSED_TYPES = Set.of(PhoneNumberType.PREMIUM_RATE,
            PhoneNumberType.SHARED_COST, PhoneNumberType.TOLL_FREE, PhoneNumberType.UAN, PhoneNumberType.VOICEMAIL);

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

    private PhoneNumbers() {
    }

    /** A number in E.164, or the message key saying why the input is not one. */
    public record Parsed(String e164, String errorKey) {

        public boolean valid() {
            return e164 != null;
        }
    }

    /**
     * Normalises {@code input}: numbers with a {@code +} (or {@code 00}) prefix are read as
     * international; others in {@code defaultRegion} (an ISO 3166 code such as {@code CH}),
     * when one is configured.
     */
    public static Parsed normalize(String input, String defaultRegion) {
        if (input == null || input.isBlank()) {
            return new Parsed(null, PinMessages.PHONE_MISSING);
        }
        String trimmed = input.strip();
        if (trimmed.length() > MAX_INPUT) {
            return new Parsed(null, PinMessages.PHONE_INVALID);
        }
        String region = defaultRegion == null || defaultRegion.isBlank() ? "ZZ" : defaultRegion.strip().toUpperCase(Locale.ROOT);
        PhoneNumber number;
        try {
            number = UTIL.parse(trimmed, region);
        } catch (NumberParseException e) {
            return new Parsed(null, PinMessages.PHONE_INVALID);
        }
        if (!UTIL.isValidNumber(number) || REFUSED_TYPES.contains(UTIL.getNumberType(number))) {
            return new Parsed(null, PinMessages.PHONE_INVALID);
        }
        return new Parsed(UTIL.format(number, PhoneNumberFormat.E164), null);
    }

    /** True for a region libphonenumber knows (an ISO 3166 alpha-2 code such as {@code CH}). */
    public static boolean isKnownRegion(String region) {
        return region != null && UTIL.getSupportedRegions().contains(region.strip().toUpperCase(Locale.ROOT));
    }

    /** The country calling code of an E.164 number ({@code 41} for {@code +41791234527}), or 0. */
    static int countryCode(String e164) {
        try {
            return UTIL.parse(e164.startsWith("+") ? e164 : "+" + e164, "ZZ").getCountryCode();
        } catch (NumberParseException e) {
            return 0;
        }
    }
}
