package io.github.keycloakpin2fa.login;

/**
 * Where a PIN went, shown so that its owner recognises it and an onlooker learns little:
 * {@code +41 ••• ••• 27} for a phone, {@code d•••@example.org} for an email address. The masked
 * part has a fixed length, so it does not tell how long the number or name is.
 */
public final class Masking {

    static final String HIDDEN = "•••";

    private Masking() {
    }

    /** An E.164 number, with or without its {@code +}. */
    public static String phone(String number) {
        if (number == null) {
            return HIDDEN;
        }
        String digits = number.startsWith("+") ? number.substring(1) : number;
        if (!digits.matches("[0-9]{6,15}")) {
            return HIDDEN;
        }
        int cc = PhoneNumbers.countryCode(digits);
        String last = digits.substring(digits.length() - 2);
        String prefix = cc == 0 ? "+" : "+" + cc + " ";
        return prefix + HIDDEN + " " + HIDDEN + " " + last;
    }

    public static String email(String address) {
        if (address == null) {
            return HIDDEN;
        }
        int at = address.lastIndexOf('@');
        if (at <= 0 || at == address.length() - 1) {
            return HIDDEN;
        }
        return address.substring(0, address.offsetByCodePoints(0, 1)) + HIDDEN + address.substring(at);
    }
}
