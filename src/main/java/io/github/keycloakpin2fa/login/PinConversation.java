package io.github.keycloakpin2fa.login;

import io.github.keycloakpin2fa.delivery.Channel;
import io.github.keycloakpin2fa.delivery.DeliveryStatus;
import io.github.keycloakpin2fa.engine.guard.SendPurpose;
import io.github.keycloakpin2fa.engine.guard.SendRefusal;
import io.github.keycloakpin2fa.login.Outcome.Kind;
import io.github.keycloakpin2fa.login.PinNotes.State;
import io.github.keycloakpin2fa.service.PinMetrics;
import io.github.keycloakpin2fa.service.PinService;
import io.github.keycloakpin2fa.service.PinService.SendCommand;
import io.github.keycloakpin2fa.service.PinService.SendOutcome;
import io.github.keycloakpin2fa.service.PinService.VerifyOutcome;
import io.github.keycloakpin2fa.service.SendOrigin;
import io.github.keycloakpin2fa.service.ServerClock;
import io.github.keycloakpin2fa.service.TfaError;
import io.github.keycloakpin2fa.service.TfaException;
import java.time.Duration;
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
 * refusal of the service becomes an {@link Outcome} with a message key, never an exception.
 */
final class PinConversation {

    private static final Logger LOG = Logger.getLogger(PinConversation.class);
    /** Longer input cannot be a PIN (PINs have at most 12 characters). */
    private static final int MAX_PIN_INPUT = 64;
    /** A refused send that may be retried this soon says so in seconds, else in minutes or hours. */
    private static final long SHORT_WAIT_SECONDS = 90;
    /** A longer wait is said in hours. */
    private static final long LONG_WAIT_MINUTES = 90;

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

    /**
     * @param purpose login or enrolment: which budgets the sends spend
     * @param user the user the PINs are for
     */
    PinConversation(KeycloakSession session, RealmModel realm, AuthenticationSessionModel authSession, String prefix, Route route,
            SendPurpose purpose, UserModel user) {
        this.service = new PinService(session, realm);
        this.realmName = realm.getName();
        this.authSession = authSession;
        this.prefix = prefix;
        this.route = route;
        this.origin = origin(session, authSession, purpose, user);
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
    }

    static long now() {
        return ServerClock.INSTANCE.millis();
    }

    /** Sends a new PIN (a new PIN id) to {@code destination}. */
    Outcome send(Channel channel, String destination) {
        try {
            SendOutcome sent = service.send(new SendCommand(channel, route.applicationId(), route.templateFor(channel),
                    destination, null, Map.of(), false), origin);
            return remember(sent, destination, false, false);
        } catch (TfaException e) {
            return refusal(e, true);
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
            return Outcome.of(Kind.NO_MORE_ATTEMPTS, PinMessages.NO_MORE_ATTEMPTS);
        }
        if (notes.state() == State.EXPIRED) {
            return send(channel, notes.destination());
        }
        try {
            return remember(service.resend(notes.pinId(), channel, Map.of(), origin), notes.destination(), true, notes.sentAt() != 0);
        } catch (TfaException e) {
            if (e.error() == TfaError.NOT_FOUND || (e.validationErrors() != null && e.validationErrors().asMap().containsKey("pinId"))) {
                return send(channel, notes.destination()); // expired or purged since: a fresh PIN
            }
            return refusal(e, true);
        }
    }

    /** A send refused because the last PIN went out less than the cooldown ago: counted, nothing sent. */
    Outcome coolingDown(long waitSeconds) {
        PinMetrics.refused(realmName, route.applicationId(), PinMetrics.Limit.RESEND_COOLDOWN);
        return Outcome.refused(PinMessages.COOLDOWN, waitSeconds);
    }

    Outcome verify(PinNotes notes, String entered) {
        if (entered == null || entered.isBlank()) {
            return Outcome.of(Kind.PIN_MISSING, PinMessages.PIN_MISSING);
        }
        if (notes.state() == State.USED_UP) {
            return Outcome.of(Kind.NO_MORE_ATTEMPTS, PinMessages.NO_MORE_ATTEMPTS);
        }
        if (notes.state() == State.EXPIRED) {
            return Outcome.of(Kind.EXPIRED, PinMessages.EXPIRED);
        }
        if (entered.length() > MAX_PIN_INPUT) {
            entered = entered.substring(0, MAX_PIN_INPUT); // cannot match a PIN either: one wrong attempt
        }
        try {
            VerifyOutcome outcome = service.verify(notes.pinId(), entered);
            var result = outcome.result();
            if (result.verified()) {
                forget();
                return Outcome.of(Kind.VERIFIED, null);
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
                    yield Outcome.of(Kind.EXPIRED, PinMessages.EXPIRED);
                }
                case NO_MORE_PIN_ATTEMPTS -> {
                    notes.withState(State.USED_UP).write(authSession, prefix);
                    yield Outcome.of(Kind.NO_MORE_ATTEMPTS, PinMessages.NO_MORE_ATTEMPTS);
                }
            };
        } catch (TfaException e) {
            if (e.error() == TfaError.NOT_FOUND) {
                notes.withState(State.EXPIRED).write(authSession, prefix);
                return Outcome.of(Kind.EXPIRED, PinMessages.EXPIRED);
            }
            return refusal(e, false);
        }
    }

    /**
     * @param resent the same PIN was sent again
     * @param deliveredBefore it had reached the user before (then the page says it was sent again)
     */
    private Outcome remember(SendOutcome sent, String destination, boolean resent, boolean deliveredBefore) {
        boolean failed = sent.delivery().status() == DeliveryStatus.REJECTED;
        if (sent.pinId() == null) {
            return Outcome.of(Kind.DELIVERY_FAILED, PinMessages.DELIVERY_FAILED); // no PIN was issued
        }
        new PinNotes(sent.pinId(), destination, sent.channel(), failed ? 0 : now(), State.LIVE).write(authSession, prefix);
        if (failed) {
            LOG.debugf("PIN delivery by %s failed: %s", sent.channel(), sent.delivery().detail());
            return Outcome.of(Kind.DELIVERY_FAILED, PinMessages.DELIVERY_FAILED);
        }
        if (resent) {
            return Outcome.of(Kind.RESENT, deliveredBefore ? PinMessages.SENT_AGAIN : null);
        }
        return Outcome.of(Kind.SENT, null);
    }

    private Outcome refusal(TfaException e, boolean sending) {
        if (e.refusal() instanceof SendRefusal.Blocked) {
            return Outcome.refused(PinMessages.DESTINATION_BLOCKED);
        }
        if (e.refusal() instanceof SendRefusal.Limited limited) {
            long seconds = Math.max(1, limited.retryAfter().toSeconds() + (limited.retryAfter().toMillisPart() > 0 ? 1 : 0));
            long minutes = (seconds + 59) / 60;
            return seconds <= SHORT_WAIT_SECONDS ? Outcome.refused(PinMessages.COOLDOWN, seconds)
                    : minutes <= LONG_WAIT_MINUTES ? Outcome.refused(PinMessages.SEND_LIMITED, minutes)
                    : Outcome.refused(PinMessages.SEND_LIMITED_HOURS, (minutes + 59) / 60);
        }
        if (e.error() == TfaError.TOO_MANY_REQUESTS) {
            Duration wait = e.retryAfter() == null ? Duration.ofMinutes(1) : e.retryAfter();
            return sending
                    ? Outcome.refused(PinMessages.SEND_LIMITED, Math.max(1, (wait.toSeconds() + 59) / 60))
                    : Outcome.refused(PinMessages.VERIFY_LIMITED, Math.max(1, wait.toSeconds()));
        }
        if (e.error() == TfaError.BAD_REQUEST && e.validationErrors() == null) {
            return Outcome.refused(PinMessages.UNAVAILABLE); // the application is disabled
        }
        LOG.warnf("The PIN step cannot use application %s with template %s/%s: %s", route.applicationId(),
                route.smsTemplateId(), route.emailTemplateId(), e.getMessage());
        return Outcome.refused(PinMessages.NOT_CONFIGURED);
    }
}
