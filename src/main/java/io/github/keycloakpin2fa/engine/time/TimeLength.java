package io.github.keycloakpin2fa.engine.time;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * A length of time in Infobip's time format, such as {@code 15m}: a positive amount of one of the
 * units milliseconds, seconds, minutes, hours or days (a day is exactly 24 hours).
 *
 * <p>The value keeps the unit it was written in, so {@code 60s} and {@code 1m} are different
 * values with equal {@link #toDuration() durations}, and {@link #toString()} gives back the text.
 * Every instance has a duration that fits in {@link Duration}.
 *
 * @param length the amount, at least 1
 * @param unit one of {@code MILLIS}, {@code SECONDS}, {@code MINUTES}, {@code HOURS}, {@code DAYS}
 */
public record TimeLength(long length, ChronoUnit unit) {

    /** Checks the amount, the unit, and that the duration does not overflow. */
    public TimeLength {
        Objects.requireNonNull(unit, "unit");
        if (length < 1) {
            throw new IllegalArgumentException("length must be positive: " + length);
        }
        TimeFormat.symbol(unit);
        try {
            Duration.of(length, unit);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("duration overflows: " + length + " " + unit, e);
        }
    }

    /** Parses Infobip's time text; see {@link TimeFormat#parse(String)}. */
    public static TimeLength parse(String text) {
        return TimeFormat.parse(text);
    }

    /** The exact duration; a day is 24 hours. */
    public Duration toDuration() {
        return Duration.of(length, unit);
    }

    /** True when this length is not longer than {@code max}. */
    public boolean isAtMost(Duration max) {
        return toDuration().compareTo(max) <= 0;
    }

    /** The canonical text, such as {@code 15m} or {@code 500ms}. */
    @Override
    public String toString() {
        return length + TimeFormat.symbol(unit);
    }
}
