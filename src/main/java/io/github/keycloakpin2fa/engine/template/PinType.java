package io.github.keycloakpin2fa.engine.template;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The characters a PIN is made of.
 *
 * <p>The case rule: PINs are generated in upper case. What a user enters is {@link #normalize
 * normalized} before it is compared: surrounding whitespace is stripped, and for the types with
 * letters ({@link #ALPHA}, {@link #HEX}, {@link #ALPHANUMERIC}) the text is upper-cased with
 * {@link Locale#ROOT}, so {@code 3fa9} matches {@code 3FA9}. Whitespace inside a PIN is kept (and
 * so does not match). {@link #NUMERIC} PINs are digits only and are not case-folded.
 */
public enum PinType {

    /** Digits {@code 0-9}. */
    NUMERIC("0123456789"),
    /** Letters {@code A-Z}. */
    ALPHA("ABCDEFGHIJKLMNOPQRSTUVWXYZ"),
    /** Hexadecimal digits {@code 0-9A-F}. */
    HEX("0123456789ABCDEF"),
    /** Digits and letters {@code 0-9A-Z}. */
    ALPHANUMERIC("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ");

    /** The validation message for an unknown pin type name. */
    public static final String ONE_OF = "must be one of "
            + Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", "));

    private final String alphabet;

    PinType(String alphabet) {
        this.alphabet = alphabet;
    }

    /** The symbols a generated PIN is drawn from, in a fixed order, each once. */
    public String alphabet() {
        return alphabet;
    }

    /** True when this type has letters, and so compares case-insensitively. */
    public boolean hasLetters() {
        return this != NUMERIC;
    }

    /**
     * The entered text in the form a generated PIN has: stripped of surrounding whitespace and,
     * for types with letters, upper-cased with {@link Locale#ROOT}. Null becomes the empty text.
     */
    public String normalize(String entered) {
        if (entered == null) {
            return "";
        }
        String stripped = entered.strip();
        return hasLetters() ? stripped.toUpperCase(Locale.ROOT) : stripped;
    }

    /** The HTML {@code inputmode} hint for a login page: {@code numeric} or {@code text}. */
    public String inputMode() {
        return hasLetters() ? "text" : "numeric";
    }

    /** The type with exactly this name (case-sensitive, as in Infobip's API), if any. */
    public static Optional<PinType> fromName(String name) {
        return Arrays.stream(values()).filter(type -> type.name().equals(name)).findFirst();
    }
}
