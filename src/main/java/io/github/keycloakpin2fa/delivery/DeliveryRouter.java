package io.github.keycloakpin2fa.delivery;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderFactory;

/**
 * Chooses the delivery providers for a channel and tries them in order. A realm names them in
 * the attribute {@code pin2fa.delivery.<channel>} (e.g. {@code pin2fa.delivery.sms =
 * infobip-sms,twilio-sms}); without it, the {@code dev} sender is used where it exists (dev mode).
 * The next provider is tried only after a clear refusal: an answer that may mean "sent" stops the
 * chain, so nobody gets the PIN twice. Each provider tried is logged (without text, PIN or the
 * full destination) and counted in {@link DeliveryMetrics}.
 */
public final class DeliveryRouter {

    public static final String REALM_ATTRIBUTE_PREFIX = "pin2fa.delivery.";
    private static final Logger LOG = Logger.getLogger(DeliveryRouter.class);

    private final KeycloakSession session;

    public DeliveryRouter(KeycloakSession session) {
        this.session = session;
    }

    /** What became of a message, and which provider had the last word. */
    public record Attempt(DeliveryResult result, String providerId) {
    }

    public Attempt deliver(RealmModel realm, OutgoingMessage message) {
        List<String> chain = chain(realm, message.channel());
        if (chain.isEmpty()) {
            LOG.warnf("No delivery provider for %s in realm %s: set the realm attribute %s%s",
                    message.channel(), realm.getName(), REALM_ATTRIBUTE_PREFIX, key(message.channel()));
            return new Attempt(DeliveryResult.rejected("no delivery provider configured for " + message.channel()), null);
        }
        Attempt last = null;
        for (int i = 0; i < chain.size(); i++) {
            String providerId = chain.get(i);
            long started = System.nanoTime();
            last = new Attempt(attempt(providerId, message), providerId);
            long took = System.nanoTime() - started;
            DeliveryResult r = last.result();
            DeliveryMetrics.providerAttempt(providerId, message.channel(), r.status());
            DeliveryMetrics.latency(providerId, message.channel(), r.status(), took);
            boolean next = r.status() == DeliveryStatus.REJECTED && i + 1 < chain.size();
            // Failures at INFO, deliveries at DEBUG (as Keycloak logs its own successes).
            Logger.Level level = r.status() == DeliveryStatus.ACCEPTED ? Logger.Level.DEBUG : Logger.Level.INFO;
            if (LOG.isEnabled(level)) {
                LOG.logf(level, "PIN %s to %s in realm %s via %s: %s%s in %d ms%s", message.channel(), masked(message.to()),
                        realm.getName(), providerId, r.status(), r.detail() == null ? "" : " (" + r.detail() + ")",
                        took / 1_000_000, next ? "; trying " + chain.get(i + 1) : "");
            }
            if (r.status() != DeliveryStatus.REJECTED) {
                return last;
            }
        }
        return last;
    }

    List<String> chain(RealmModel realm, Channel channel) {
        String configured = realm.getAttribute(REALM_ATTRIBUTE_PREFIX + key(channel));
        if (configured == null || configured.isBlank()) {
            return session.getKeycloakSessionFactory().getProviderFactory(PinDeliveryProvider.class, "dev") == null
                    ? List.of() : List.of("dev");
        }
        return Arrays.stream(configured.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private DeliveryResult attempt(String providerId, OutgoingMessage message) {
        ProviderFactory<PinDeliveryProvider> factory =
                session.getKeycloakSessionFactory().getProviderFactory(PinDeliveryProvider.class, providerId);
        if (factory == null) {
            return DeliveryResult.rejected("provider " + providerId + " is not available on this server");
        }
        if (factory instanceof PinDeliveryProviderFactory f && !f.channels().contains(message.channel())) {
            return DeliveryResult.rejected("provider " + providerId + " does not carry " + message.channel());
        }
        PinDeliveryProvider provider = session.getProvider(PinDeliveryProvider.class, providerId);
        try {
            return provider.deliver(message).scrubbed(message.pin());
        } catch (RuntimeException e) {
            // Never log the message: it carries the PIN. The exception's type says enough.
            LOG.warnf("Delivery provider %s failed for a %s message: %s", providerId, message.channel(), e.getClass().getName());
            return DeliveryResult.rejected("provider " + providerId + " failed: " + e.getClass().getSimpleName());
        }
    }

    /** The first four and the last two characters: enough to tell messages apart in a log. */
    static String masked(String to) {
        if (to.length() <= 6) {
            return "*".repeat(to.length());
        }
        return to.substring(0, 4) + "*".repeat(to.length() - 6) + to.substring(to.length() - 2);
    }

    private static String key(Channel channel) {
        return channel.name().toLowerCase(Locale.ROOT);
    }
}
