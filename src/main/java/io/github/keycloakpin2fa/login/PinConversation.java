package io.github.keycloakpin2fa.login;

import io.github.keycloakpin2fa.delivery.Channel;
import io.github.keycloakpin2fa.delivery.DeliveryStatus;
import io.github.keycloakpin2fa.engine.guard.SendPurpose;
import io.github.keycloakpin2fa.login.PinNotes.State;
import io.github.keycloakpin2fa.service.PinMetrics;
import io.github.keycloakpin2fa.service.PinService;
import io.github.keycloakpin2fa.service.PinService.SendCommand;
import io.github.keycloakpin2fa.service.PinService.SendOutcome;
import io.github.keycloakpin2fa.service.PinService.VerifyOutcome;
import io.github.keycloakpin2fa.engine.destination.Destination;
import io.github.keycloakpin2fa.service.Refusal;
import io.github.keycloakpin2fa.service.RefusedException;
import io.github.keycloakpin2fa.service.SendOrigin;
import io.github.keycloakpin2fa.storage.ServerClock;
import io.github.keycloakpin2fa.storage.cache.SessionPins;
import java.util.Map;
import org.jboss.logging.Logger;
import org.keycloak.common.ClientConnection;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * One login's (or enrolment's) exchange of PINs with the PIN service: send, resend with a
 * cooldown the server enforces, verify; the state in between is in {@link PinNotes}. Every
 * refusal of the service becomes an {@link Outcome} ({@link LoginRefusals}), never an exception.
 */
final class PinConversation {

    private static final Logger LOG = Logger.getLogger(PinConversation.class);
    /** Longer input cannot be a PIN (PINs have at most 12 characters). */
    private static final int MAX_PIN_INPUT = 64;

    /** Which application and templates the PINs use. */
    record Route(String applicationId, String smsTemplateId, String emailTemplateId) {

        /** Whether it names an application and an SMS template. */
        boolean usable() {
            return applicationId != null && smsTemplateId != null;
        }

        String templateFor(Channel channel) {
            return channel == Channel.EMAIL ? emailTemplateId : smsTemplateId;
        }
    }

    private final PinService service;
    private final String realmName;
    private final AuthenticationSessionModel authSession;
    private final String prefix;
    private final Route route;
    private final SendOrigin origin;
    private final SessionPins pins;

    /**
     * @param purpose login or enrolment: which budgets the sends spend
     * @param user the user the PINs are for
     */
    PinConversation(KeycloakSession session, RealmModel realm, AuthenticationSessionModel authSession, String prefix, Route route,
            SendPurpose purpose, UserModel user) {
        this(new PinService(session, realm), realm.getName(), authSession, prefix, route, origin(session, authSession, purpose, user),
                new SessionPins(authSession, session.singleUseObjects(), prefix, ServerClock.INSTANCE));
    }

    /**
     * @param pins where the session keeps its PIN (the PIN service sends, resends and verifies it
     *     there, not in a PIN record)
     */
    PinConversation(PinService service, String realmName, AuthenticationSessionModel authSession, String prefix, Route route,
            SendOrigin origin, SessionPins pins) {
        this.service = service;
        this.realmName = realmName;
        this.authSession = authSession;
        this.prefix = prefix;
        this.route = route;
        this.origin = origin;
        this.pins = pins;
    }

    /** The user, the authentication session and the client's address as Keycloak resolved it (proxy settings applied). */
    static SendOrigin origin(KeycloakSession session, AuthenticationSessionModel authSession, SendPurpose purpose, UserModel user) {
        ClientConnection connection = session.getContext().getConnection();
        String sessionId = authSession == null || authSession.getParentSession() == null ? null
                : authSession.getParentSession().getId();
        return new SendOrigin(purpose, user == null ? null : user.getId(), sessionId,
                connection == null ? null : connection.getRemoteAddr());
    }

    /** This session's PIN, or null when none was sent yet. */
    PinNotes current() {
        return PinNotes.read(authSession, prefix);
    }

    void forget() {
        PinNotes.clear(authSession, prefix);
        pins.clear();
    }

    static long now() {
        return ServerClock.INSTANCE.millis();
    }

    /** Sends a new PIN (a new PIN id) to {@code destination}. */
    Outcome send(Channel channel, Destination destination) {
        try {
            SendOutcome sent = service.send(new SendCommand(channel, route.applicationId(), route.templateFor(channel),
                    destination.value(), null, Map.of(), false), origin, pins);
            return remember(sent, false, false);
        } catch (RefusedException e) {
            return refusal(e.refusal());
        }
    }

    /**
     * Sends the same PIN again over {@code channel} (SMS or voice to the same phone), unless the
     * cooldown since the last one is still running. A PIN that can no longer be verified (or no
     * longer be recovered) is replaced by a new one.
     */
    Outcome resend(PinNotes notes, Channel channel, int cooldownSeconds) {
        long wait = notes.cooldownLeft(now(), cooldownSeconds);
        if (wait > 0) {
            return coolingDown(wait);
        }
        if (notes.state() == State.USED_UP) {
            return Outcome.noMoreAttempts();
        }
        if (notes.state() == State.EXPIRED) {
            return send(channel, notes.destination());
        }
        try {
            return remember(service.resend(notes.pinId(), channel, origin, pins), true, notes.sentAt() != 0);
        } catch (RefusedException e) {
            if (e.refusal() instanceof Refusal.PinNotFound || e.refusal() instanceof Refusal.PinGone) {
                return send(channel, notes.destination()); // expired or purged since: a fresh PIN
            }
            return refusal(e.refusal());
        }
    }

    /** A send refused because the last PIN went out less than the cooldown ago: counted, nothing sent. */
    Outcome coolingDown(long waitSeconds) {
        PinMetrics.refused(realmName, route.applicationId(), PinMetrics.Limit.RESEND_COOLDOWN);
        return Outcome.cooldown(waitSeconds);
    }

    Outcome verify(PinNotes notes, String entered) {
        if (entered == null || entered.isBlank()) {
            return Outcome.pinMissing();
        }
        if (notes.state() == State.USED_UP) {
            return Outcome.noMoreAttempts();
        }
        if (notes.state() == State.EXPIRED) {
            return Outcome.expired();
        }
        if (entered.length() > MAX_PIN_INPUT) {
            entered = entered.substring(0, MAX_PIN_INPUT); // cannot match a PIN either: one wrong attempt
        }
        try {
            VerifyOutcome outcome = service.verify(notes.pinId(), entered, pins);
            var result = outcome.result();
            if (result.verified()) {
                forget();
                return Outcome.verified();
            }
            return switch (result.pinError()) {
                case WRONG_PIN -> {
                    if (result.attemptsRemaining() == 0) {
                        notes.withState(State.USED_UP).write(authSession, prefix);
                    }
                    yield Outcome.wrongPin(result.attemptsRemaining());
                }
                case TTL_EXPIRED -> {
                    notes.withState(State.EXPIRED).write(authSession, prefix);
                    yield Outcome.expired();
                }
                case NO_MORE_PIN_ATTEMPTS -> {
                    notes.withState(State.USED_UP).write(authSession, prefix);
                    yield Outcome.noMoreAttempts();
                }
            };
        } catch (RefusedException e) {
            if (e.refusal() instanceof Refusal.PinNotFound) {
                notes.withState(State.EXPIRED).write(authSession, prefix); // purged since
            }
            return refusal(e.refusal());
        }
    }

    /**
     * @param resent the same PIN was sent again
     * @param deliveredBefore it had reached the user before (then the page says it was sent again)
     */
    private Outcome remember(SendOutcome sent, boolean resent, boolean deliveredBefore) {
        boolean failed = sent.delivery().status() == DeliveryStatus.REJECTED;
        if (sent.pinId() == null) {
            return Outcome.deliveryFailed(); // no PIN was issued
        }
        new PinNotes(sent.pinId(), sent.to(), sent.channel(), failed ? 0 : now(), State.LIVE).write(authSession, prefix);
        if (failed) {
            LOG.debugf("PIN delivery by %s failed: %s", sent.channel(), sent.delivery().detail());
            return Outcome.deliveryFailed();
        }
        if (resent) {
            return Outcome.resent(deliveredBefore);
        }
        return Outcome.sent();
    }

    private Outcome refusal(Refusal refusal) {
        Outcome outcome = LoginRefusals.outcome(refusal);
        if (PinMessages.NOT_CONFIGURED.equals(outcome.messageKey())) {
            LOG.warnf("The PIN step cannot use application %s with template %s/%s: %s", route.applicationId(),
                    route.smsTemplateId(), route.emailTemplateId(), refusal);
        }
        return outcome;
    }
}
