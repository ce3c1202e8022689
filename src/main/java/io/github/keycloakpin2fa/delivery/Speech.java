package io.github.keycloakpin2fa.delivery;

import java.util.ArrayList;
import java.util.List;

/**
 * Helps voice providers speak a PIN one character at a time: a text-to-speech engine reads
 * "4821" as a number ("four thousand ...") but "4 8 2 1" digit by digit.
 */
public final class Speech {

    private Speech() {
    }

    /** The message's text with each occurrence of its PIN spelled out, characters joined by {@code separator}. */
    public static String spelledOut(OutgoingMessage message, String separator) {
        if (message.pin() == null || message.pin().isEmpty()) {
            return message.text();
        }
        return message.text().replace(message.pin(), String.join(separator, characters(message.pin())));
    }

    /**
     * The text cut around the PIN: even indexes are plain text, odd indexes the PIN. Without a
     * PIN, the whole text is the only part.
     */
    public static List<String> split(OutgoingMessage message) {
        List<String> parts = new ArrayList<>();
        String text = message.text();
        String pin = message.pin();
        if (pin == null || pin.isEmpty()) {
            parts.add(text);
            return parts;
        }
        int from = 0;
        for (int at = text.indexOf(pin); at >= 0; at = text.indexOf(pin, from)) {
            parts.add(text.substring(from, at));
            parts.add(pin);
            from = at + pin.length();
        }
        parts.add(text.substring(from));
        return parts;
    }

    public static List<String> characters(String pin) {
        return pin.codePoints().mapToObj(Character::toString).toList();
    }
}
