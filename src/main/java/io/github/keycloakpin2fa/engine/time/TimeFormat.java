package io.github.keycloakpin2fa.engine.time;

import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Infobip's time format {@code {timeLength}{timeUnit}}: a positive decimal integer immediately
 * followed by one of the units {@code ms}, {@code s}, {@code m}, {@code h}, {@code d}.
 *
 * <p>The grammar is strict so that every accepted text is its own canonical form: ASCII digits
 * only, no sign, no leading zero, no decimals, no whitespace anywhere, lower-case units only
 * ({@code 15M} is rejected rather than guessed to be minutes or months), and amounts whose
 * duration overflows are rejected. Every rejection carries the same message, {@link #ERROR}.
 */
public final class TimeFormat {

    /** Infobip's exact message for a malformed time. */
    public static final String ERROR =
            "Time format should be \"{timeLength}{timeUnit}\". Time units can be: ms, s, m, h, d";

    /** The text of one time; also used inside {@link LimitFormat}. */
    static final String REGEX = "([1-9][0-9]*)(ms|s|m|h|d)";

    private static final Pattern PATTERN = Pattern.compile(REGEX);

    /** Longer texts cannot be valid (a long has 19 digits); checked before matching. */
    static final int MAX_TEXT_LENGTH = 21;

    private TimeFormat() {
    }

    /** The time {@code text} stands for, or empty when it is not in the time format. */
    public static Optional<TimeLength> tryParse(String text) {
        if (text == null || text.length() > MAX_TEXT_LENGTH) {
            return Optional.empty();
        }
        Matcher matcher = PATTERN.matcher(text);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        return of(matcher.group(1), matcher.group(2));
    }

    /**
     * The time {@code text} stands for.
     *
     * @throws IllegalArgumentException with message {@link #ERROR} when the text is malformed
     */
    public static TimeLength parse(String text) {
        return tryParse(text).orElseThrow(() -> new IllegalArgumentException(ERROR));
    }

    /** Builds a time from the two groups of {@link #REGEX}; empty when the amount overflows. */
    static Optional<TimeLength> of(String digits, String symbol) {
        try {
            return Optional.of(new TimeLength(Long.parseLong(digits), unit(symbol)));
        } catch (IllegalArgumentException overflow) { // NumberFormatException included
            return Optional.empty();
        }
    }

    static String symbol(ChronoUnit unit) {
        return switch (unit) {
            case MILLIS -> "ms";
            case SECONDS -> "s";
            case MINUTES -> "m";
            case HOURS -> "h";
            case DAYS -> "d";
            default -> throw new IllegalArgumentException("unsupported time unit: " + unit);
        };
    }

    private static ChronoUnit unit(String symbol) {
        return switch (symbol) {
            case "ms" -> ChronoUnit.MILLIS;
            case "s" -> ChronoUnit.SECONDS;
            case "m" -> ChronoUnit.MINUTES;
            case "h" -> ChronoUnit.HOURS;
            case "d" -> ChronoUnit.DAYS;
            default -> throw new IllegalArgumentException("unsupported time unit: " + symbol);
        };
    }
}
