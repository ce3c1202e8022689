package io.github.keycloakpin2fa.delivery.http;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One HTTP request to a vendor. Its body usually carries the PIN: {@link #toString()} leaves it
 * out, and nothing may log it.
 *
 * @param method e.g. {@code POST}
 * @param uri the absolute address
 * @param headers request headers, in order (secrets included: never log them either)
 * @param body the body, or {@code null}
 */
public record HttpCall(String method, URI uri, Map<String, String> headers, byte[] body) {

    public HttpCall {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(uri, "uri");
        headers = Map.copyOf(headers == null ? Map.of() : new LinkedHashMap<>(headers));
    }

    /** A request with a body in UTF-8 and its {@code Content-Type}. */
    public static HttpCall of(String method, URI uri, Map<String, String> headers, String contentType, String body) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.put("Content-Type", contentType);
        return new HttpCall(method, uri, all, body == null ? null : body.getBytes(StandardCharsets.UTF_8));
    }

    /** Shows method and address only: headers carry credentials, the body carries the PIN. */
    @Override
    public String toString() {
        return method + " " + uri.getScheme() + "://" + uri.getAuthority() + uri.getPath();
    }
}
