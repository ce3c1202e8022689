package io.github.keycloakpin2fa.login;

import org.keycloak.events.Errors;

/**
 * What became of one step of a PIN conversation, with the message the page shows.
 *
 * @param messageKey the text to show, or null
 * @param params the text's parameters
 * @param attemptsRemaining wrong tries left, for {@link Kind#WRONG_PIN}
 */
record Outcome(Kind kind, String messageKey, Object[] params, int attemptsRemaining) {

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

    static Outcome of(Kind kind, String messageKey, Object... params) {
        return new Outcome(kind, messageKey, params, -1);
    }

    static Outcome wrongPin(int attemptsRemaining) {
        return new Outcome(Kind.WRONG_PIN, PinMessages.WRONG_PIN, new Object[] {attemptsRemaining}, attemptsRemaining);
    }

    static Outcome refused(String messageKey, Object... params) {
        return of(Kind.REFUSED, messageKey, params);
    }

    /** The login event's error for this outcome (never the PIN). */
    String eventError() {
        return switch (kind) {
            case WRONG_PIN, NO_MORE_ATTEMPTS -> Errors.INVALID_USER_CREDENTIALS;
            case EXPIRED -> Errors.EXPIRED_CODE;
            case DELIVERY_FAILED -> "pin_delivery_failed";
            case PIN_MISSING -> "pin_missing";
            case REFUSED -> switch (messageKey) {
                case PinMessages.SEND_LIMITED, PinMessages.SEND_LIMITED_HOURS -> "pin_send_limited";
                case PinMessages.VERIFY_LIMITED -> "pin_verify_limited";
                case PinMessages.COOLDOWN -> "pin_resend_cooldown";
                case PinMessages.UNAVAILABLE -> "pin_application_disabled";
                case PinMessages.DESTINATION_BLOCKED -> "pin_destination_blocked";
                default -> "pin_not_configured";
            };
            default -> null;
        };
    }
}
