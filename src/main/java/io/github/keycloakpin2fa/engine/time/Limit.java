package io.github.keycloakpin2fa.engine.time;

import java.util.Objects;

/**
 * A rate limit in Infobip's limit format, such as {@code 10/15m}: at most {@code attempts} events
 * in any window of length {@code window} (a sliding window; see the {@code engine.limit} package).
 *
 * @param attempts the most events allowed in one window, at least 1
 * @param window the length of the window
 */
public record Limit(int attempts, TimeLength window) {

    /** Checks that attempts is positive and the window present. */
    public Limit {
        Objects.requireNonNull(window, "window");
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be positive: " + attempts);
        }
    }

    /** Parses Infobip's limit text; see {@link LimitFormat#parse(String)}. */
    public static Limit parse(String text) {
        return LimitFormat.parse(text);
    }

    /** The canonical text, such as {@code 10/15m}. */
    @Override
    public String toString() {
        return attempts + "/" + window;
    }
}
