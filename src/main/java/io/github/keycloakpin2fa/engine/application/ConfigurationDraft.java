package io.github.keycloakpin2fa.engine.application;

/**
 * An application's configuration as a request body gives it: every field may be missing (null)
 * and then takes its value from {@link ApplicationConfiguration#DEFAULTS}. Times and limits are
 * raw text in Infobip's formats.
 */
public record ConfigurationDraft(
        Integer pinAttempts,
        Boolean allowMultiplePinVerifications,
        String pinTimeToLive,
        String verifyPinLimit,
        String sendPinPerApplicationLimit,
        String sendPinPerPhoneNumberLimit) {

    /** A configuration with every field missing. */
    public static final ConfigurationDraft EMPTY = new ConfigurationDraft(null, null, null, null, null, null);
}
