package io.github.keycloakpin2fa.engine.template;

import io.github.keycloakpin2fa.engine.validation.ValidationErrors;
import io.github.keycloakpin2fa.engine.validation.ValidationException;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Fills a message text: every {@value MessageTemplate#PIN_PLACEHOLDER} becomes the PIN and every
 * other {@code {{name}}} becomes {@code placeholders.get(name)}.
 *
 * <p>A placeholder is {@code {{}, a name of one or more characters without braces that is not only
 * whitespace, and {@code }}}; the name is matched exactly ({@code {{PIN}}} and {@code {{ pin }}} are
 * not the PIN). Anything else is copied as it is. Replacement is literal and single-pass: values are
 * inserted as they are ({@code $} and {@code \} mean nothing) and are never scanned again, so a value
 * containing {@code {{pin}}} does not reveal the PIN. Map entries the text does not use are ignored.
 */
public final class MessageRenderer {

    private static final String OPEN = "{{";
    private static final String CLOSE = "}}";
    private static final String PIN_NAME = "pin";

    private MessageRenderer() {
    }

    /**
     * The text to send.
     *
     * @param messageText a template's text, containing {@value MessageTemplate#PIN_PLACEHOLDER}
     * @param pin the generated PIN
     * @param placeholders values for the other placeholders; null counts as empty
     * @throws ValidationException on field {@code placeholders} when the map breaks a
     *     {@link PlaceholderValidator} rule or the text has a placeholder the map has no value for
     *     ({@code no value for {{name}}})
     * @throws IllegalArgumentException when the text has no PIN placeholder
     */
    public static String render(String messageText, String pin, Map<String, String> placeholders) {
        Objects.requireNonNull(messageText, "messageText");
        Objects.requireNonNull(pin, "pin");
        PlaceholderValidator.validate(placeholders);
        Map<String, String> values = placeholders == null ? Map.of() : placeholders;

        StringBuilder out = new StringBuilder(messageText.length() + pin.length());
        Set<String> missing = new LinkedHashSet<>();
        boolean pinPlaced = false;
        int from = 0;
        int open = messageText.indexOf(OPEN);
        while (open >= 0) {
            int close = messageText.indexOf(CLOSE, open + OPEN.length());
            if (close < 0) {
                break;
            }
            String name = messageText.substring(open + OPEN.length(), close);
            if (!isName(name)) {
                open = messageText.indexOf(OPEN, open + 1);
                continue;
            }
            out.append(messageText, from, open);
            if (name.equals(PIN_NAME)) {
                out.append(pin);
                pinPlaced = true;
            } else if (values.containsKey(name)) {
                out.append(values.get(name));
            } else {
                missing.add(name);
            }
            from = close + CLOSE.length();
            open = messageText.indexOf(OPEN, from);
        }
        out.append(messageText, from, messageText.length());

        if (!missing.isEmpty()) {
            ValidationErrors errors = new ValidationErrors();
            missing.forEach(name -> errors.add(PlaceholderValidator.FIELD, "no value for {{" + name + "}}"));
            errors.throwIfAny();
        }
        if (!pinPlaced) {
            throw new IllegalArgumentException("messageText has no " + MessageTemplate.PIN_PLACEHOLDER + " placeholder");
        }
        return out.toString();
    }

    /**
     * Fills a text that is not a template's {@code messageText} (an email's subject or body, chosen
     * by its {@code emailTemplateId}) with the same placeholder rules as {@link #render}, leniently:
     * {@value MessageTemplate#PIN_PLACEHOLDER} is optional, and a placeholder without a value is
     * left as it is (the text was written apart from the template, so it cannot be refused when the
     * template is created).
     *
     * @param pin the PIN, or null to leave {@value MessageTemplate#PIN_PLACEHOLDER} as it is
     */
    public static String fill(String text, String pin, Map<String, String> placeholders) {
        Objects.requireNonNull(text, "text");
        Map<String, String> values = placeholders == null ? Map.of() : placeholders;
        StringBuilder out = new StringBuilder(text.length() + 16);
        int from = 0;
        int open = text.indexOf(OPEN);
        while (open >= 0) {
            int close = text.indexOf(CLOSE, open + OPEN.length());
            if (close < 0) {
                break;
            }
            String name = text.substring(open + OPEN.length(), close);
            if (!isName(name)) {
                open = text.indexOf(OPEN, open + 1);
                continue;
            }
            String value = name.equals(PIN_NAME) ? pin : values.get(name);
            out.append(text, from, open).append(value != null ? value : text.substring(open, close + CLOSE.length()));
            from = close + CLOSE.length();
            open = text.indexOf(OPEN, from);
        }
        return out.append(text, from, text.length()).toString();
    }

    private static boolean isName(String name) {
        return !name.isBlank() && name.indexOf('{') < 0 && name.indexOf('}') < 0;
    }
}
