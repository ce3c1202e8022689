package io.github.keycloakpin2fa.engine.time;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Infobip's limit format {@code {attempts}/{timeLength}{timeUnit}}: a positive decimal integer that
 * fits in an {@code int}, a slash, and a time in {@link TimeFormat}'s strict grammar (no
 * whitespace, no sign, no leading zero, lower-case units). Every rejection, including one caused
 * by the time part, carries the same message, {@link #ERROR}.
 */
public final class LimitFormat {

    /** Infobip's exact message for a malformed limit. */
    public static final String ERROR = "Limit format should be \"{attempts}/{timeLength}{timeUnit}\"."
            + " Time units can be: ms, s, m, h, d";

    private static final Pattern PATTERN = Pattern.compile("([1-9][0-9]*)/" + TimeFormat.REGEX);

    private static final int MAX_TEXT_LENGTH = 11 + TimeFormat.MAX_TEXT_LENGTH;

    private LimitFormat() {
    }

    /** The limit {@code text} stands for, or empty when it is not in the limit format. */
    public static Optional<Limit> tryParse(String text) {
        if (text == null || text.length() > MAX_TEXT_LENGTH) {
            return Optional.empty();
        }
        Matcher matcher = PATTERN.matcher(text);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        int attempts;
        try {
            attempts = Integer.parseInt(matcher.group(1));
        } catch (NumberFormatException overflow) {
            return Optional.empty();
        }
        return TimeFormat.of(matcher.group(2), matcher.group(3))
                .map(window -> new Limit(attempts, window));
    }

    /**
     * The limit {@code text} stands for.
     *
     * @throws IllegalArgumentException with message {@link #ERROR} when the text is malformed
     */
    public static Limit parse(String text) {
        return tryParse(text).orElseThrow(() -> new IllegalArgumentException(ERROR));
    }
}
