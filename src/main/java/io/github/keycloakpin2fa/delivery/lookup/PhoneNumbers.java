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

    /** @param msisdn E.164 digits, with or without {@code +} */
    public static boolean isValid(String msisdn) {
        try {
            return UTIL.isValidNumber(UTIL.parse(msisdn.startsWith("+") ? msisdn : "+" + msisdn, "ZZ"));
        } catch (NumberParseException e) {
            return false;
        }
    }
}
