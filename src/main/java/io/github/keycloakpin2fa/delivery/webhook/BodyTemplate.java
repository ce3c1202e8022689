package io.github.keycloakpin2fa.delivery.webhook;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.github.keycloakpin2fa.delivery.OutgoingMessage;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A webhook's body: a template with the placeholders {@code {{channel}}}, {@code {{to}}},
 * {@code {{from}}}, {@code {{text}}}, {@code {{language}}} and {@code {{pin}}}, each replaced by
 * the message's field escaped for the body's format: in JSON a complete string literal (quotes
 * included) or {@code null}, in a form the URL-encoded value. Unknown placeholders stay as they are.
 */
record BodyTemplate(Format format, String template) {

    enum Format {
        JSON("application/json"), FORM("application/x-www-form-urlencoded");

        final String contentType;

        Format(String contentType) {
            this.contentType = contentType;
        }

        static Format of(String name) {
            return name == null ? JSON : valueOf(name.trim().toUpperCase(Locale.ROOT));
        }
    }

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(channel|to|from|text|language|pin)}}");

    static BodyTemplate of(Format format, String template) {
        if (template != null && !template.isBlank()) {
            return new BodyTemplate(format, template);
        }
        return new BodyTemplate(format, format == Format.JSON
                ? "{\"channel\": {{channel}}, \"to\": {{to}}, \"from\": {{from}}, \"text\": {{text}}}"
                : "channel={{channel}}&to={{to}}&from={{from}}&text={{text}}");
    }

    String render(OutgoingMessage message) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("channel", message.channel().name());
        fields.put("to", message.to());
        fields.put("from", message.senderOr(null));
        fields.put("text", message.text());
        fields.put("language", message.voice() == null ? null : message.voice().language());
        fields.put("pin", message.pin());
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(escape(fields.get(m.group(1)))));
        }
        m.appendTail(out);
        return out.toString();
    }

    private String escape(String value) {
        if (format == Format.FORM) {
            return value == null ? "" : URLEncoder.encode(value, StandardCharsets.UTF_8);
        }
        return value == null ? "null" : "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(value)) + "\"";
    }
}
