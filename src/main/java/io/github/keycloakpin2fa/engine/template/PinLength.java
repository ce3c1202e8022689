package io.github.keycloakpin2fa.engine.template;

/**
 * The bounds on a PIN's length: {@value #MIN} to {@value #MAX} characters, {@value #DEFAULT} when
 * not given (Infobip's default). Four digits carry only 13.3 bits; NIST SP 800-63B asks for at
 * least 20 bits, which is 6 or more digits (or 4 or more {@link PinType#ALPHANUMERIC} characters).
 */
public final class PinLength {

    /** The shortest PIN. */
    public static final int MIN = 4;
    /** The longest PIN. */
    public static final int MAX = 12;
    /** The length when a template gives none. */
    public static final int DEFAULT = 4;
    /** The validation message for a length out of bounds. */
    public static final String MESSAGE = "must be between " + MIN + " and " + MAX;

    private PinLength() {
    }

    /** True when {@code length} is within the bounds. */
    public static boolean isValid(int length) {
        return length >= MIN && length <= MAX;
    }

    /**
     * Returns {@code length} when valid.
     *
     * @throws IllegalArgumentException when out of bounds
     */
    public static int require(int length) {
        if (!isValid(length)) {
            throw new IllegalArgumentException("pinLength " + MESSAGE + ": " + length);
        }
        return length;
    }
}
