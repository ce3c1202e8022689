package io.github.keycloakpin2fa.delivery;

import io.micrometer.core.instrument.Metrics;
import java.util.Locale;

/**
 * Micrometer counters in the global registry, which Keycloak serves at
 * {@code :9000/metrics} when started with {@code --metrics-enabled=true} (without it they cost
 * nothing). Tags carry provider ids, channels and outcomes only: never numbers, texts or PINs.
 * <ul>
 * <li>{@code pin2fa_delivery_attempts_total{provider, channel, status}}: one per provider tried
 * for a message, status {@code accepted}, {@code rejected} or {@code unknown};</li>
 * <li>{@code pin2fa_delivery_http_requests_total{provider, outcome}}: one per HTTP request to a
 * vendor, outcome the HTTP status, {@code not-sent} (no connection) or {@code no-answer};</li>
 * <li>{@code pin2fa_number_lookups_total{provider, result}}: one per number lookup.</li>
 * </ul>
 */
public final class DeliveryMetrics {

    private DeliveryMetrics() {
    }

    public static void providerAttempt(String providerId, Channel channel, DeliveryStatus status) {
        Metrics.counter("pin2fa.delivery.attempts", "provider", providerId, "channel", lower(channel.name()),
                "status", lower(status.name())).increment();
    }

    public static void httpRequest(String providerId, String outcome) {
        Metrics.counter("pin2fa.delivery.http.requests", "provider", providerId, "outcome", outcome).increment();
    }

    public static void numberLookup(String providerId, String result) {
        Metrics.counter("pin2fa.number.lookups", "provider", providerId, "result", lower(result)).increment();
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
