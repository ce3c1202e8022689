package io.github.keycloakpin2fa.engine.template;

import io.github.keycloakpin2fa.engine.validation.TextRules;
import io.github.keycloakpin2fa.engine.validation.ValidationErrors;
import io.github.keycloakpin2fa.engine.validation.ValidationException;
import java.util.Locale;
import java.util.Map;

/**
 * The rules for a send request's {@code placeholders} map, which fills the {@code {{name}}}
 * placeholders of a message text. All errors are reported on the field {@value #FIELD}.
 *
 * <ul>
 *   <li>At most {@value #MAX_ENTRIES} entries.</li>
 *   <li>Keys are 1 to {@value #MAX_KEY_LENGTH} characters, not blank, without {@code {} or {@code }}
 *       (they name the placeholder without its braces), and never {@code pin} in any case: only the
 *       engine fills the PIN.</li>
 *   <li>Values are not null and at most {@value #MAX_VALUE_LENGTH} characters, so a caller cannot
 *       inflate a message into many SMS parts.</li>
 * </ul>
 */
public final class PlaceholderValidator {

    /** The field every placeholder error is reported on. */
    public static final String FIELD = "placeholders";
    /** The most entries a map may have. */
    public static final int MAX_ENTRIES = 50;
    /** The longest key, in characters. */
    public static final int MAX_KEY_LENGTH = 64;
    /** The longest value, in characters. */
    public static final int MAX_VALUE_LENGTH = 256;

    private PlaceholderValidator() {
    }

    /**
     * Checks the map; null counts as empty.
     *
     * @throws ValidationException listing every broken rule
     */
    public static void validate(Map<String, String> placeholders) {
        if (placeholders == null) {
            return;
        }
        ValidationErrors errors = new ValidationErrors();
        if (placeholders.size() > MAX_ENTRIES) {
            errors.add(FIELD, "must have at most " + MAX_ENTRIES + " entries");
        }
        placeholders.forEach((key, value) -> check(errors, key, value));
        errors.throwIfAny();
    }

    private static void check(ValidationErrors errors, String key, String value) {
        if (key == null || key.isBlank() || TextRules.length(key) > MAX_KEY_LENGTH) {
            errors.add(FIELD, "keys must be 1 to " + MAX_KEY_LENGTH + " characters and not blank");
            return;
        }
        if (key.indexOf('{') >= 0 || key.indexOf('}') >= 0) {
            errors.add(FIELD, "key " + key + " may not contain { or }");
            return;
        }
        if (key.strip().toLowerCase(Locale.ROOT).equals("pin")) {
            errors.add(FIELD, "key " + key + " is reserved for the PIN");
            return;
        }
        if (value == null) {
            errors.add(FIELD, "value for {{" + key + "}} may not be null");
        } else if (TextRules.length(value) > MAX_VALUE_LENGTH) {
            errors.add(FIELD, "value for {{" + key + "}} must have at most " + MAX_VALUE_LENGTH + " characters");
        }
    }
}
