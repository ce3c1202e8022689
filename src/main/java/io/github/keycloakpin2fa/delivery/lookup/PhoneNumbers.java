package io.github.keycloakpin2fa.delivery.lookup;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;

/**
 * The offline check, with Google's libphonenumber (shaded into this JAR): whether a number can
 * exist in its country's numbering plan. It knows nothing about whether a handset is on.
 */
public final class PhoneNumbers {

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

    private PhoneNumbers() {
    }

    /** A number's country and line type, as far as the numbering plan tells. */
    public record Facts(String region, String type) {
    }

    /**
     * The number's region (ISO 3166 code; null when no single country owns it) and type (a
     * {@code PhoneNumberType} name, {@code UNKNOWN} when the plan does not say).
     *
     * @param msisdn E.164 digits, with or without {@code +}
     */
    public static Facts facts(String msisdn) {
        try {
            var number = UTIL.parse(msisdn.startsWith("+") ? msisdn : "+" + msisdn, "ZZ");
            String region = UTIL.getRegionCodeForNumber(number);
            boolean country = region != null && region.matches("[A-Z]{2}") && !"ZZ".equals(region);
            if (!country) {
                // A number the plan does not validate still has its calling code's main country.
                String main = UTIL.getRegionCodeForCountryCode(number.getCountryCode());
                region = main != null && main.matches("[A-Z]{2}") && !"ZZ".equals(main) ? main : null;
            }
            return new Facts(region, UTIL.getNumberType(number).name());
        } catch (NumberParseException e) {
            return new Facts(null, "UNKNOWN");
        }
    }

    /** Whether libphonenumber knows the two-letter region code. */
    public static boolean isKnownRegion(String region) {
        return region != null && UTIL.getSupportedRegions().contains(region);
    }

    /** @param msisdn E.164 digits, with or without {@code +} */
    public static boolean isValid(String msisdn) {
        try {
            return UTIL.isValidNumber(UTIL.parse(msisdn.startsWith("+") ? msisdn : "+" + msisdn, "ZZ"));
        } catch (NumberParseException e) {
            return false;
        }
    }
}
