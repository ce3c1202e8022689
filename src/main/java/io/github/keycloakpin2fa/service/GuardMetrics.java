package io.github.keycloakpin2fa.service;

import io.github.keycloakpin2fa.engine.guard.SendPurpose;
import io.micrometer.core.instrument.Metrics;
import java.util.Locale;

/**
 * The send guard's Micrometer counters (served at {@code :9000/metrics} with
 * {@code --metrics-enabled=true}). Tags carry purposes, reasons, application ids and country
 * codes only: never numbers, addresses or PINs.
 * <ul>
 * <li>{@code pin2fa_sends_refused_total{purpose, reason}}: one per refused send, reason
 * {@code limit}, {@code country_not_allowed}, {@code country_blocked}, {@code number_type_blocked} or
 * {@code account_locked} (the user has no wrong PIN left);</li>
 * <li>{@code pin2fa_pumping_detected_total{application, country}}: one each time SMS pumping is
 * detected for an application and country (at most once per detection window);</li>
 * <li>{@code pin2fa_pumping_throttled_sends_total{application, country}}: sends that went through
 * the throttled budget while pumping was detected.</li>
 * </ul>
 */
final class GuardMetrics {

    private GuardMetrics() {
    }

    static void refused(SendPurpose purpose, String reason) {
        Metrics.counter("pin2fa.sends.refused", "purpose", lower(purpose.name()), "reason", lower(reason)).increment();
    }

    static void pumpingDetected(String applicationId, String country) {
        Metrics.counter("pin2fa.pumping.detected", "application", applicationId, "country", country).increment();
    }

    static void throttledSend(String applicationId, String country) {
        Metrics.counter("pin2fa.pumping.throttled.sends", "application", applicationId, "country", country).increment();
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
