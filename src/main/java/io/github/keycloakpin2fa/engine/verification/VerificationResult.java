package io.github.keycloakpin2fa.engine.verification;

/**
 * What a verify request answers, as Infobip's response does: {@code verified},
 * {@code attemptsRemaining}, and {@code pinError} exactly when not verified.
 *
 * @param verified whether the candidate was the live PIN
 * @param attemptsRemaining wrong tries left after this one
 * @param pinError the reason when not verified, otherwise null
 */
public record VerificationResult(boolean verified, int attemptsRemaining, PinError pinError) {

    /** Checks that pinError is present exactly when not verified, and attempts not negative. */
    public VerificationResult {
        if (verified == (pinError != null)) {
            throw new IllegalArgumentException("pinError must be given exactly when not verified");
        }
        if (attemptsRemaining < 0) {
            throw new IllegalArgumentException("attemptsRemaining must not be negative");
        }
    }

    /** A success. */
    public static VerificationResult success(int attemptsRemaining) {
        return new VerificationResult(true, attemptsRemaining, null);
    }

    /** A failure. */
    public static VerificationResult failure(PinError error, int attemptsRemaining) {
        return new VerificationResult(false, attemptsRemaining, error);
    }
}
