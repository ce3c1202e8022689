package io.github.keycloakpin2fa.service;

import io.github.keycloakpin2fa.delivery.Channel;
import io.github.keycloakpin2fa.delivery.DeliveryStatus;
import io.github.keycloakpin2fa.engine.verification.VerificationResult;
import io.micrometer.core.instrument.Metrics;
import java.util.List;
import java.util.Locale;

/**
 * What the PIN service did, counted in Micrometer's global registry, which Keycloak serves at
 * {@code :9000/metrics} with {@code --metrics-enabled=true}. Labels carry the realm's name, the
 * application's id, channels, providers and outcomes: never a phone number, an email address, a
 * PIN or a user. With the delivery attempts of {@link io.github.keycloakpin2fa.delivery.DeliveryMetrics},
 * they chart the verify/send conversion per application, which is where SMS pumping shows.
 * <ul>
 * <li>{@code pin2fa_pins_sent_total{realm, application, channel, request, provider, outcome}}: one per
 * PIN message the service sent or tried to send; {@code request} is {@code send} or
 * {@code resend}; {@code provider} the delivery provider with the last word ({@code none} when
 * none was tried); {@code outcome} {@code accepted}, {@code rejected}, {@code unknown} or
 * {@code not_reachable} (the number lookup said no, nothing was sent);</li>
 * <li>{@code pin2fa_verifications_total{realm, application, outcome}}: one per verify the service
 * answered, outcome {@code verified} or Infobip's {@code pinError}: {@code WRONG_PIN},
 * {@code TTL_EXPIRED}, {@code NO_MORE_PIN_ATTEMPTS};</li>
 * <li>{@code pin2fa_refusals_total{realm, application, limit}}: one per request a limit refused,
 * {@code limit} the setting that refused it ({@link Limit}).</li>
 * </ul>
 */
public final class PinMetrics {

    public static final String SENT = "pin2fa.pins.sent";
    public static final String VERIFICATIONS = "pin2fa.verifications";
    public static final String REFUSALS = "pin2fa.refusals";
    /** The value of {@code provider} when no provider was tried. */
    public static final String NO_PROVIDER = "none";
    /** The value of {@code outcome} when the number lookup stopped an SMS. */
    public static final String NOT_REACHABLE = "not_reachable";
    /** The value of {@code outcome} of a successful verification. */
    public static final String VERIFIED = "verified";

    /** The kinds of limit that refuse requests, named after the settings that set them. */
    public enum Limit {
        /** The application's {@code sendPinPerApplicationLimit}. */
        SEND_PIN_PER_APPLICATION("sendPinPerApplicationLimit"),
        /** The application's {@code sendPinPerPhoneNumberLimit}. */
        SEND_PIN_PER_PHONE_NUMBER("sendPinPerPhoneNumberLimit"),
        /** The application's {@code verifyPinLimit}. */
        VERIFY_PIN("verifyPinLimit"),
        /** The login step's and the enrolment's {@code resendCooldownSeconds}. */
        RESEND_COOLDOWN("resendCooldownSeconds");

        private final String label;

        Limit(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** Every metric this extension registers, by its Micrometer name. */
    public static final List<String> NAMES = List.of(SENT, VERIFICATIONS, REFUSALS);

    private PinMetrics() {
    }

    public static void sent(String realm, String applicationId, Channel channel, boolean resend, String providerId,
            DeliveryStatus status) {
        sent(realm, applicationId, channel, resend, providerId, lower(status.name()));
    }

    public static void notReachable(String realm, String applicationId, Channel channel) {
        sent(realm, applicationId, channel, false, null, NOT_REACHABLE);
    }

    private static void sent(String realm, String applicationId, Channel channel, boolean resend, String providerId, String outcome) {
        Metrics.counter(SENT, "realm", realm, "application", applicationId, "channel", lower(channel.name()),
                "request", resend ? "resend" : "send", "provider", providerId == null ? NO_PROVIDER : providerId,
                "outcome", outcome).increment();
    }

    public static void verification(String realm, String applicationId, VerificationResult result) {
        Metrics.counter(VERIFICATIONS, "realm", realm, "application", applicationId,
                "outcome", result.verified() ? VERIFIED : result.pinError().name()).increment();
    }

    public static void refused(String realm, String applicationId, Limit limit) {
        Metrics.counter(REFUSALS, "realm", realm, "application", applicationId == null ? "" : applicationId,
                "limit", limit.label()).increment();
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
