package io.github.keycloakpin2fa.delivery.http;

import java.time.Duration;

/**
 * Sends one HTTP request, once, and tells apart the two ways it can fail: the request never
 * reached the vendor ({@link TransportException#maybeSent()} false: safe to send again), or it may
 * have (true: the vendor may be sending the message right now). In Keycloak this is
 * {@link ApacheHttpTransport} over Keycloak's own HTTP client; tests use the same class over a
 * plain client.
 */
public interface HttpTransport {

    /** Bodies of answers are read up to this size; vendors' answers are far smaller. */
    int MAX_BODY_BYTES = 64 * 1024;

    HttpAnswer send(HttpCall call, Duration connectTimeout, Duration readTimeout) throws TransportException;
}
