package io.github.keycloakpin2fa.engine.destination;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A phone number in E.164, held as its digits ({@code 41791234527}): what Infobip calls an MSISDN.
 * {@link #e164()} adds the {@code +}; nothing else in the code adds or strips it.
 *
 * <p>Two ways in: {@link #msisdn} reads what an API caller sends (digits, an optional {@code +};
 * only the shape is checked, as Infobip does), {@link #read} reads what a person types (any
 * national or international spelling, with Google's libphonenumber, which also refuses numbers
 * that cannot exist and numbers a PIN must never go to).
 *
 * @param digits 6 to 15 digits, no leading zero
 */
public record PhoneNumber(String digits) implements Destination {

    /** E.164: up to 15 digits, no leading zero. */
    private static final Pattern DIGITS = Pattern.compile("[1-9][0-9]{5,14}");
    /** Longer input is not a phone number, whatever it contains. */
    public static final int MAX_INPUT = 40;
    /**
     * Numbers a PIN must never go to: calls and texts to them cost the sender money or reach no
     * person (premium-rate numbers are how "SMS pumping" fraud earns).
     */
    private static final Set<PhoneNumberType> REFUSED_TYPES = Set.of(PhoneNumberType.PREMIUM_RATE,
            PhoneNumberType.SHARED_COST, PhoneNumberType.TOLL_FREE, PhoneNumberType.UAN, PhoneNumberType.VOICEMAIL);
    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
    private static final Set<Integer> CALLING_CODES = Set.copyOf(UTIL.getSupportedCallingCodes());
    private static final int MAX_CALLING_CODE_DIGITS = 3;

    /** Checks the shape. */
    public PhoneNumber {
        Objects.requireNonNull(digits, "digits");
        if (!DIGITS.matcher(digits).matches()) {
            throw new IllegalArgumentException("not E.164 digits");
        }
    }

    /** Why typed input is not a number a PIN can go to. */
    public enum Problem {
        /** Nothing was typed. */
        MISSING,
        /** Not a number, a number that cannot exist, or one a PIN never goes to. */
        INVALID
    }

    /** What {@link #read} made of the input: a number, or the problem. */
    public record Reading(PhoneNumber number, Problem problem) {

        public boolean valid() {
            return number != null;
        }
    }

    /**
     * An MSISDN as the API takes it: E.164 digits, with or without a leading {@code +}, surrounding
     * whitespace ignored; empty when it is not shaped like one.
     */
    public static Optional<PhoneNumber> msisdn(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String trimmed = text.trim();
        String digits = trimmed.startsWith("+") ? trimmed.substring(1) : trimmed;
        return DIGITS.matcher(digits).matches() ? Optional.of(new PhoneNumber(digits)) : Optional.empty();
    }

    /**
     * A number as a person types it: with a {@code +} (or {@code 00}) it is read as international;
     * otherwise in {@code defaultRegion} (an ISO 3166 code such as {@code CH}), when one is given.
     * Numbers that cannot exist, and premium-rate, shared-cost, toll-free, UAN and voicemail
     * numbers, are refused.
     */
    public static Reading read(String input, String defaultRegion) {
        if (input == null || input.isBlank()) {
            return new Reading(null, Problem.MISSING);
        }
        String trimmed = input.strip();
        if (trimmed.length() > MAX_INPUT) {
            return new Reading(null, Problem.INVALID);
        }
        String region = defaultRegion == null || defaultRegion.isBlank() ? "ZZ" : defaultRegion.strip().toUpperCase(Locale.ROOT);
        com.google.i18n.phonenumbers.Phonenumber.PhoneNumber parsed;
        try {
            parsed = UTIL.parse(trimmed, region);
        } catch (NumberParseException e) {
            return new Reading(null, Problem.INVALID);
        }
        if (!UTIL.isValidNumber(parsed) || REFUSED_TYPES.contains(UTIL.getNumberType(parsed))) {
            return new Reading(null, Problem.INVALID);
        }
        return msisdn(UTIL.format(parsed, PhoneNumberFormat.E164))
                .map(n -> new Reading(n, null))
                .orElseGet(() -> new Reading(null, Problem.INVALID));
    }

    /** True for a region libphonenumber knows (an ISO 3166 alpha-2 code such as {@code CH}). */
    public static boolean isKnownRegion(String region) {
        return region != null && UTIL.getSupportedRegions().contains(region.strip().toUpperCase(Locale.ROOT));
    }

    /** The digits: what Infobip's API and the vendors take. */
    @Override
    public String value() {
        return digits;
    }

    /** With its {@code +}: {@code +41791234527}. */
    public String e164() {
        return "+" + digits;
    }

    @Override
    public String limitKey() {
        return digits;
    }

    /** Whether the number can exist in its country's numbering plan (offline, no network). */
    public boolean existsInNumberingPlan() {
        return parsed().map(UTIL::isValidNumber).orElse(false);
    }

    /**
     * The number's country, an ISO 3166 code such as {@code CH}, as the numbering plan tells
     * (offline); a number the plan does not validate gets its calling code's main country. Null
     * when no single country owns the calling code (for example {@code +800}).
     */
    public String region() {
        return plan().region();
    }

    /**
     * The kind of line, a libphonenumber {@code PhoneNumberType} name ({@code MOBILE},
     * {@code PREMIUM_RATE}, ...); {@code UNKNOWN} when the plan does not say.
     */
    public String lineType() {
        return plan().lineType();
    }

    /** What the numbering plan says of the number: its {@link #region()} and {@link #lineType()}. */
    public record Plan(String region, String lineType) {
    }

    /** {@link #region()} and {@link #lineType()} from one reading of the number (the send guard needs both). */
    public Plan plan() {
        return parsed().map(number -> {
            String region = UTIL.getRegionCodeForNumber(number);
            if (!isCountry(region)) {
                String main = UTIL.getRegionCodeForCountryCode(number.getCountryCode());
                region = isCountry(main) ? main : null;
            }
            return new Plan(region, UTIL.getNumberType(number).name());
        }).orElse(new Plan(null, PhoneNumberType.UNKNOWN.name()));
    }

    private static boolean isCountry(String region) {
        return region != null && region.length() == 2 && !"ZZ".equals(region) && Character.isLetter(region.charAt(0));
    }

    /**
     * The country calling code ({@code 41} for {@code +41791234527}), or 0 when there is none.
     * Calling codes are one to three digits and none is the start of another, so the number's is
     * the first of its prefixes the numbering plan knows: no parse of the whole number, which every
     * PIN page would pay for its masked number.
     */
    public int countryCode() {
        for (int length = 1; length <= MAX_CALLING_CODE_DIGITS; length++) {
            int code = Integer.parseInt(digits, 0, length, 10);
            if (CALLING_CODES.contains(code)) {
                return code;
            }
        }
        return 0;
    }

    /**
     * The country code and the last two digits: {@code +41 ••• ••• 27}. The hidden part has a
     * fixed length, so it does not tell how long the number is.
     */
    @Override
    public String masked() {
        int cc = countryCode();
        String prefix = cc == 0 ? "+" : "+" + cc + " ";
        return prefix + Masks.HIDDEN + " " + Masks.HIDDEN + " " + digits.substring(digits.length() - 2);
    }

    private Optional<com.google.i18n.phonenumbers.Phonenumber.PhoneNumber> parsed() {
        try {
            return Optional.of(UTIL.parse(e164(), "ZZ"));
        } catch (NumberParseException e) {
            return Optional.empty();
        }
    }

    /** The digits. */
    @Override
    public String toString() {
        return digits;
    }
}
