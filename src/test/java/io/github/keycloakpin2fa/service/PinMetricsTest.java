package io.github.keycloakpin2fa.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.keycloakpin2fa.delivery.Channel;
import io.github.keycloakpin2fa.delivery.DeliveryMetrics;
import io.github.keycloakpin2fa.delivery.DeliveryStatus;
import io.github.keycloakpin2fa.engine.verification.PinError;
import io.github.keycloakpin2fa.engine.verification.VerificationResult;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PinMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @BeforeEach
    void register() {
        Metrics.addRegistry(registry);
    }

    @AfterEach
    void unregister() {
        Metrics.removeRegistry(registry);
        registry.clear();
        Metrics.globalRegistry.clear();
    }

    @Test
    void a_send_is_counted_by_realm_application_channel_request_provider_and_outcome() {
        PinMetrics.sent("demo", "app-1", Channel.VOICE, true, "infobip-voice", DeliveryStatus.UNKNOWN);
        PinMetrics.sent("demo", "app-1", Channel.VOICE, true, "infobip-voice", DeliveryStatus.UNKNOWN);
        PinMetrics.sent("demo", "app-1", Channel.SMS, false, null, DeliveryStatus.REJECTED);
        PinMetrics.notReachable("demo", "app-1", Channel.SMS);

        assertThat(registry.get(PinMetrics.SENT).tags("realm", "demo", "application", "app-1", "channel", "voice", "request", "resend",
                "provider", "infobip-voice", "outcome", "unknown").counter().count()).isEqualTo(2);
        assertThat(registry.get(PinMetrics.SENT).tags("channel", "sms", "request", "send", "provider", "none", "outcome", "rejected")
                .counter().count()).isEqualTo(1);
        assertThat(registry.get(PinMetrics.SENT).tags("provider", "none", "outcome", "not_reachable").counter().count()).isEqualTo(1);
    }

    @Test
    void a_verification_is_counted_by_infobips_outcome() {
        PinMetrics.verification("demo", "app-1", VerificationResult.success(3));
        PinMetrics.verification("demo", "app-1", VerificationResult.failure(PinError.WRONG_PIN, 2));
        PinMetrics.verification("demo", "app-1", VerificationResult.failure(PinError.TTL_EXPIRED, 2));
        PinMetrics.verification("demo", "app-1", VerificationResult.failure(PinError.NO_MORE_PIN_ATTEMPTS, 0));
        PinMetrics.verification("demo", "app-1", VerificationResult.failure(PinError.NO_MORE_PIN_ATTEMPTS, 0));

        for (String outcome : new String[] {"verified", "WRONG_PIN", "TTL_EXPIRED"}) {
            assertThat(registry.get(PinMetrics.VERIFICATIONS).tags("outcome", outcome).counter().count()).as(outcome).isEqualTo(1);
        }
        assertThat(registry.get(PinMetrics.VERIFICATIONS).tags("outcome", "NO_MORE_PIN_ATTEMPTS").counter().count()).isEqualTo(2);
    }

    @Test
    void a_refusal_is_counted_by_the_setting_that_refused() {
        PinMetrics.refused("demo", "app-1", PinMetrics.Limit.SEND_PIN_PER_PHONE_NUMBER);
        PinMetrics.refused("demo", "app-1", PinMetrics.Limit.RESEND_COOLDOWN);

        assertThat(registry.get(PinMetrics.REFUSALS).tags("limit", "sendPinPerPhoneNumberLimit").counter().count()).isEqualTo(1);
        assertThat(registry.get(PinMetrics.REFUSALS).tags("limit", "resendCooldownSeconds").counter().count()).isEqualTo(1);
    }

    @Test
    void delivery_latency_is_a_histogram_with_fixed_buckets() {
        DeliveryMetrics.latency("twilio-sms", Channel.SMS, DeliveryStatus.ACCEPTED, Duration.ofMillis(300).toNanos());
        DeliveryMetrics.latency("twilio-sms", Channel.SMS, DeliveryStatus.ACCEPTED, Duration.ofMillis(40).toNanos());

        Timer timer = registry.get(DeliveryMetrics.LATENCY).tags("provider", "twilio-sms", "channel", "sms", "status", "accepted").timer();
        assertThat(timer.count()).isEqualTo(2);
        var buckets = timer.takeSnapshot().histogramCounts();
        assertThat(buckets).hasSize(DeliveryMetrics.LATENCY_BUCKETS.size());
        assertThat(buckets).filteredOn(b -> b.bucket(java.util.concurrent.TimeUnit.MILLISECONDS) == 50).singleElement()
                .satisfies(b -> assertThat(b.count()).isEqualTo(1));
        assertThat(buckets).filteredOn(b -> b.bucket(java.util.concurrent.TimeUnit.MILLISECONDS) == 500).singleElement()
                .satisfies(b -> assertThat(b.count()).isEqualTo(2));
    }
}
