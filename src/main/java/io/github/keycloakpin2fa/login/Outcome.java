package io.github.keycloakpin2fa.login;

import org.keycloak.events.Errors;

/**
 * What became of one step of a PIN conversation, with the message the page shows and the error
 * the login event records.
 *
 * @param messageKey the text to show, or null
 * @param params the text's parameters
 * @param attemptsRemaining wrong tries left, for {@link Kind#WRONG_PIN}
 * @param eventError the login event's error (never the PIN), or null when the step is no error
 */
record Outcome(Kind kind, String messageKey, Object[] params, int attemptsRemaining, String eventError) {

    /** The login event errors of the PIN step that Keycloak has no constant for. */
    static final String PIN_MISSING_EVENT = "pin_missing";
    static final String DELIVERY_FAILED_EVENT = "pin_delivery_failed";
    static final String SEND_LIMITED_EVENT = "pin_send_limited";
    static final String VERIFY_LIMITED_EVENT = "pin_verify_limited";
    /** The user has no wrong PIN left in the account's budget ({@code AccountPinBudget}). */
    static final String BUDGET_USED_UP_EVENT = "pin_failure_budget_used_up";
    static final String COOLDOWN_EVENT = "pin_resend_cooldown";
    static final String DISABLED_EVENT = "pin_application_disabled";
    static final String NOT_CONFIGURED_EVENT = "pin_not_configured";
    static final String DESTINATION_BLOCKED_EVENT = "pin_destination_blocked";

    enum Kind {
        /** A new PIN (a new PIN id) went out. */
        SENT,
        /** The same PIN went out again, over the same or another channel of its family. */
        RESENT,
        VERIFIED,
        PIN_MISSING,
        WRONG_PIN,
        EXPIRED,
        NO_MORE_ATTEMPTS,
        /** The request was refused; nothing was sent or checked ({@link #messageKey} says why). */
        REFUSED,
        /** A PIN was issued but its delivery failed: the user can retry or choose another channel. */
        DELIVERY_FAILED
    }

    static Outcome sent() {
        return new Outcome(Kind.SENT, null, new Object[0], -1, null);
    }

    /**
     * The same PIN went out again; {@code sayIt} when it had reached the user before (then the
     * page says it was sent again).
     */
    static Outcome resent(boolean sayIt) {
        return new Outcome(Kind.RESENT, sayIt ? PinMessages.SENT_AGAIN : null, new Object[0], -1, null);
    }

    static Outcome verified() {
        return new Outcome(Kind.VERIFIED, null, new Object[0], -1, null);
    }

    static Outcome pinMissing() {
        return new Outcome(Kind.PIN_MISSING, PinMessages.PIN_MISSING, new Object[0], -1, PIN_MISSING_EVENT);
    }

    static Outcome wrongPin(int attemptsRemaining) {
        return new Outcome(Kind.WRONG_PIN, PinMessages.WRONG_PIN, new Object[] {attemptsRemaining}, attemptsRemaining,
                Errors.INVALID_USER_CREDENTIALS);
    }

    static Outcome expired() {
        return new Outcome(Kind.EXPIRED, PinMessages.EXPIRED, new Object[0], -1, Errors.EXPIRED_CODE);
    }

    static Outcome noMoreAttempts() {
        return new Outcome(Kind.NO_MORE_ATTEMPTS, PinMessages.NO_MORE_ATTEMPTS, new Object[0], -1, Errors.INVALID_USER_CREDENTIALS);
    }

    static Outcome deliveryFailed() {
        return new Outcome(Kind.DELIVERY_FAILED, PinMessages.DELIVERY_FAILED, new Object[0], -1, DELIVERY_FAILED_EVENT);
    }

    /** The resend cooldown is still running: {@code seconds} left. */
    static Outcome cooldown(long seconds) {
        return refused(PinMessages.COOLDOWN, COOLDOWN_EVENT, seconds);
    }

    /** The step (or the action) cannot be used as it is configured. */
    static Outcome notConfigured() {
        return refused(PinMessages.NOT_CONFIGURED, NOT_CONFIGURED_EVENT);
    }

    /**
     * A refusal shown with one of Keycloak's own messages (an account disabled by brute-force
     * protection): the event is recorded where the refusal is decided.
     */
    static Outcome refusedWith(String messageKey) {
        return new Outcome(Kind.REFUSED, messageKey, new Object[0], -1, null);
    }

    static Outcome refused(String messageKey, String eventError, Object... params) {
        return new Outcome(Kind.REFUSED, messageKey, params, -1, eventError);
    }
}
