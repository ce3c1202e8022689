package io.github.keycloakpin2fa.engine.validation;

/**
 * The shared rules for free-text fields, with Bean-Validation-like messages as Infobip uses them:
 * {@code may not be null}, {@code may not be blank}, {@code size must be between 1 and N}.
 * Lengths count Unicode code points, so an emoji counts as one character.
 */
public final class TextRules {

    /** Message for a missing required value. */
    public static final String NOT_NULL = "may not be null";
    /** Message for a value that is empty or only whitespace. */
    public static final String NOT_BLANK = "may not be blank";
    /** Message for a text with the NUL character. */
    public static final String NO_NUL = "may not contain the NUL character";

    private TextRules() {
    }

    /** The message for a text longer than {@code max}. */
    public static String sizeMessage(int max) {
        return "size must be between 1 and " + max;
    }

    /** The number of code points in {@code value}. */
    public static int length(String value) {
        return value.codePointCount(0, value.length());
    }

    /**
     * A required text: not null, not blank, at most {@code max} code points.
     * Returns the value unchanged, or null after adding an error.
     */
    public static String required(ValidationErrors errors, String field, String value, int max) {
        if (value == null) {
            errors.add(field, NOT_NULL);
            return null;
        }
        return optional(errors, field, value, max);
    }

    /**
     * An optional text: null is accepted; otherwise not blank and at most {@code max} code points.
     * Returns the value unchanged, or null after adding an error.
     */
    public static String optional(ValidationErrors errors, String field, String value, int max) {
        if (value == null) {
            return null;
        }
        if (value.isBlank()) {
            errors.add(field, NOT_BLANK);
            return null;
        }
        if (length(value) > max) {
            errors.add(field, sizeMessage(max));
            return null;
        }
        if (value.indexOf('\u0000') >= 0) {
            errors.add(field, NO_NUL); // databases such as PostgreSQL cannot store it
            return null;
        }
        return value;
    }
}
