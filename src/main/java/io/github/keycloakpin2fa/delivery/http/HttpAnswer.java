package io.github.keycloakpin2fa.delivery.http;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A vendor's HTTP answer.
 *
 * @param status the HTTP status code
 * @param headers the response headers, names in lower case (the first value of each)
 * @param body the body as text (cut at {@link HttpTransport#MAX_BODY_BYTES}), never null
 */
public record HttpAnswer(int status, Map<String, String> headers, String body) {

    public HttpAnswer {
        headers = headers == null ? Map.of() : headers.entrySet().stream().collect(Collectors.toUnmodifiableMap(
                e -> e.getKey().toLowerCase(Locale.ROOT), Map.Entry::getValue, (first, second) -> first));
        body = body == null ? "" : body;
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }

    public boolean isSuccess() {
        return status >= 200 && status < 300;
    }
}
