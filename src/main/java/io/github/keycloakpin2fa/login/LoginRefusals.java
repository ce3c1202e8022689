package io.github.keycloakpin2fa.login;

import io.github.keycloakpin2fa.service.Refusal;
import io.github.keycloakpin2fa.service.Refusal.AccountLocked;
import io.github.keycloakpin2fa.service.Refusal.ApplicationDisabled;
import io.github.keycloakpin2fa.service.Refusal.ApplicationNotFound;
import io.github.keycloakpin2fa.service.Refusal.DestinationBlocked;
import io.github.keycloakpin2fa.service.Refusal.InvalidInput;
import io.github.keycloakpin2fa.service.Refusal.PinGone;
import io.github.keycloakpin2fa.service.Refusal.PinNotFound;
import io.github.keycloakpin2fa.service.Refusal.RateLimited;
import io.github.keycloakpin2fa.service.Refusal.ServerMisconfigured;
import io.github.keycloakpin2fa.service.Refusal.TemplateNotFound;
import java.time.Duration;
import org.keycloak.services.messages.Messages;

/**
 * The login flow's one mapping of the PIN service's refusals onto what the user is shown (a
 * message key) and what the login event records. A new refusal does not compile until it has its
 * page and event here.
 */
final class LoginRefusals implements Refusal.Mapping<Outcome> {

    static final LoginRefusals INSTANCE = new LoginRefusals();
    /** A refused send that may be retried this soon says so in seconds. */
    static final long SHORT_WAIT_SECONDS = 90;
    /** A longer wait than this many minutes is said in hours. */
    static final long LONG_WAIT_MINUTES = 90;

    private LoginRefusals() {
    }

    static Outcome outcome(Refusal refusal) {
        return INSTANCE.map(refusal);
    }

    /**
     * A spent verify budget says its wait in seconds. A spent send budget says it as a person
     * reads it best: in seconds up to {@link #SHORT_WAIT_SECONDS}, then minutes up to
     * {@link #LONG_WAIT_MINUTES}, then hours.
     */
    @Override
    public Outcome rateLimited(RateLimited refusal) {
        if (!refusal.onSends()) {
            return Outcome.refused(PinMessages.VERIFY_LIMITED, Outcome.VERIFY_LIMITED_EVENT, seconds(refusal.retryAfter()));
        }
        long seconds = seconds(refusal.retryAfter());
        long minutes = (seconds + 59) / 60;
        if (seconds <= SHORT_WAIT_SECONDS) {
            return Outcome.cooldown(seconds);
        }
        return minutes <= LONG_WAIT_MINUTES
                ? Outcome.refused(PinMessages.SEND_LIMITED, Outcome.SEND_LIMITED_EVENT, minutes)
                : Outcome.refused(PinMessages.SEND_LIMITED_HOURS, Outcome.SEND_LIMITED_EVENT, (minutes + 59) / 60);
    }

    /** The application does not send to this country or kind of number. */
    @Override
    public Outcome destinationBlocked(DestinationBlocked refusal) {
        return Outcome.refused(PinMessages.DESTINATION_BLOCKED, Outcome.DESTINATION_BLOCKED_EVENT);
    }

    @Override
    public Outcome applicationDisabled(ApplicationDisabled refusal) {
        return Outcome.refused(PinMessages.UNAVAILABLE, Outcome.DISABLED_EVENT);
    }

    /** The PIN this login knows can no longer be used: the user asks for a new one. */
    @Override
    public Outcome pinGone(PinGone refusal) {
        return Outcome.expired();
    }

    /** Purged since it was sent: to the user, expired. */
    @Override
    public Outcome pinNotFound(PinNotFound refusal) {
        return Outcome.expired();
    }

    /** The step's application, templates or the realm's keys do not fit: an admin must act. */
    @Override
    public Outcome applicationNotFound(ApplicationNotFound refusal) {
        return Outcome.notConfigured();
    }

    @Override
    public Outcome templateNotFound(TemplateNotFound refusal) {
        return Outcome.notConfigured();
    }

    /** The login sends only what it knows to be valid; what is not is a set-up problem. */
    @Override
    public Outcome invalidInput(InvalidInput refusal) {
        return Outcome.notConfigured();
    }

    /** The user has no wrong PIN left in the account's budget: as Keycloak says of a locked-out account. */
    @Override
    public Outcome accountLocked(AccountLocked refusal) {
        return Outcome.refused(Messages.ACCOUNT_PERMANENTLY_DISABLED_TOTP, Outcome.BUDGET_USED_UP_EVENT);
    }

    @Override
    public Outcome serverMisconfigured(ServerMisconfigured refusal) {
        return Outcome.notConfigured();
    }

    /** Whole seconds, rounded up, at least one. */
    static long seconds(Duration wait) {
        return Math.max(1, wait.toSeconds() + (wait.toMillisPart() > 0 ? 1 : 0));
    }
}
