package io.github.keycloakpin2fa.delivery;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Micrometer counters in the global registry, which Keycloak serves at
 * {@code :9000/metrics} when started with {@code --metrics-enabled=true} (without it they cost
 * nothing). Tags carry provider ids, channels and outcomes only: never numbers, texts or PINs.
 * <ul>
 * <li>{@code pin2fa_delivery_attempts_total{provider, channel, status}}: one per provider tried
 * for a message, status {@code accepted}, {@code rejected} or {@code unknown};</li>
 * <li>{@code pin2fa_delivery_http_requests_total{provider, outcome}}: one per HTTP request to a
 * vendor, outcome the HTTP status, {@code not-sent} (no connection) or {@code no-answer};</li>
 * <li>{@code pin2fa_number_lookups_total{provider, result}}: one per number lookup;</li>
 * <li>{@code pin2fa_delivery_latency_seconds{provider, channel, status}}: how long each provider
 * took to answer for a message, a histogram with the buckets {@link #LATENCY_BUCKETS}
 * ({@code _bucket}, {@code _count}, {@code _sum}, {@code _max}).</li>
 * </ul>
 */
public final class DeliveryMetrics {

    public static final String ATTEMPTS = "pin2fa.delivery.attempts";
    public static final String HTTP_REQUESTS = "pin2fa.delivery.http.requests";
    public static final String NUMBER_LOOKUPS = "pin2fa.number.lookups";
    public static final String LATENCY = "pin2fa.delivery.latency";
    /** The histogram's upper bounds: from a fast dev sender to a vendor at its timeout. */
    public static final List<Duration> LATENCY_BUCKETS = List.of(Duration.ofMillis(10), Duration.ofMillis(25),
            Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
            Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30));
    /** Every metric of the delivery layer, by its Micrometer name. */
    public static final List<String> NAMES = List.of(ATTEMPTS, HTTP_REQUESTS, NUMBER_LOOKUPS, LATENCY);

    private DeliveryMetrics() {
    }

    public static void latency(String providerId, Channel channel, DeliveryStatus status, long nanos) {
        Timer.builder(LATENCY)
                .description("Time a delivery provider took to answer for one PIN message")
                .tags("provider", providerId, "channel", lower(channel.name()), "status", lower(status.name()))
                .serviceLevelObjectives(LATENCY_BUCKETS.toArray(Duration[]::new))
                .register(Metrics.globalRegistry)
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    public static void providerAttempt(String providerId, Channel channel, DeliveryStatus status) {
        Metrics.counter(ATTEMPTS, "provider", providerId, "channel", lower(channel.name()),
                "status", lower(status.name())).increment();
    }

    public static void httpRequest(String providerId, String outcome) {
        Metrics.counter(HTTP_REQUESTS, "provider", providerId, "outcome", outcome).increment();
    }

    public static void numberLookup(String providerId, String result) {
        Metrics.counter(NUMBER_LOOKUPS, "provider", providerId, "result", lower(result)).increment();
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
