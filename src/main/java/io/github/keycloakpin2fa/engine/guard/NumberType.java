package io.github.keycloakpin2fa.engine.guard;

/**
 * What kind of line a phone number is, with the names of libphonenumber's {@code PhoneNumberType}
 * (the engine does not depend on that library; the service maps one onto the other).
 */
public enum NumberType {
    FIXED_LINE,
    MOBILE,
    FIXED_LINE_OR_MOBILE,
    TOLL_FREE,
    /** Premium-rate ranges: the caller or sender pays a surcharge to the range holder. */
    PREMIUM_RATE,
    /** The cost is shared between caller and range holder. */
    SHARED_COST,
    VOIP,
    /** Personal numbers that forward elsewhere (e.g. UK 070): a known toll-fraud range. */
    PERSONAL_NUMBER,
    PAGER,
    /** Universal access numbers: company numbers, often charged at a premium. */
    UAN,
    VOICEMAIL,
    UNKNOWN
}
