package io.github.keycloakpin2fa.login;

import io.github.keycloakpin2fa.engine.destination.PhoneNumber;
import org.keycloak.events.Errors;
import org.keycloak.services.messages.Messages;

/**
 * The message keys of the PIN pages. Their texts are in {@code themes/pin-2fa/login/messages/},
 * in every language we ship; a realm or theme can override any of them.
 */
public final class PinMessages {

    public static final String LOGIN_TITLE = "pinLoginTitle";
    public static final String SENT_BY_SMS = "pinSentBySms";
    public static final String SENT_BY_VOICE = "pinSentByVoice";
    public static final String SENT_BY_EMAIL = "pinSentByEmail";
    public static final String NEW_PIN_SENT = "pinNewPinSent";
    public static final String SENT_AGAIN = "pinSentAgain";

    public static final String PIN_MISSING = "pinMissing";
    public static final String WRONG_PIN = "pinWrong";
    public static final String EXPIRED = "pinExpired";
    public static final String NO_MORE_ATTEMPTS = "pinNoMoreAttempts";
    public static final String VERIFY_LIMITED = "pinVerifyLimited";
    public static final String SEND_LIMITED = "pinSendLimited";
    public static final String SEND_LIMITED_HOURS = "pinSendLimitedHours";
    public static final String COOLDOWN = "pinCooldown";
    public static final String DELIVERY_FAILED = "pinDeliveryFailed";
    public static final String UNAVAILABLE = "pinUnavailable";
    public static final String NOT_CONFIGURED = "pinNotConfigured";
    /** The application does not send to this number's country or type (premium rate and such). */
    public static final String DESTINATION_BLOCKED = "pinDestinationBlocked";

    public static final String PHONE_MISSING = "pinPhoneMissing";
    public static final String PHONE_INVALID = "pinPhoneInvalid";
    public static final String PHONE_NOT_ACCEPTED = "pinPhoneNotAccepted";

    private PinMessages() {
    }

    /**
     * What Keycloak says at a code step to a user its brute-force protection disabled, for the
     * event error it reported ({@code AuthenticatorUtils.getDisabledByBruteForceEventError}).
     */
    static String lockedOut(String bruteForceError) {
        return Errors.USER_TEMPORARILY_DISABLED.equals(bruteForceError) ? Messages.ACCOUNT_TEMPORARILY_DISABLED_TOTP
                : Messages.ACCOUNT_PERMANENTLY_DISABLED_TOTP;
    }

    /** The message for a typed phone number that is not one a PIN can go to. */
    static String of(PhoneNumber.Problem problem) {
        return switch (problem) {
            case MISSING -> PHONE_MISSING;
            case INVALID -> PHONE_INVALID;
        };
    }
}
