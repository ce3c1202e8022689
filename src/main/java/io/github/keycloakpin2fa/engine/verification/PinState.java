package io.github.keycloakpin2fa.engine.verification;

import io.github.keycloakpin2fa.engine.application.ApplicationConfiguration;
import io.github.keycloakpin2fa.engine.template.PinType;
import java.time.Instant;
import java.util.Objects;

/**
 * Everything stored about one sent PIN; immutable, the {@link PinVerifier} returns the next state.
 * The PIN itself is never stored, only its {@link io.github.keycloakpin2fa.engine.pin.PinHasher hash}.
 *
 * <p>Resend rule: a resend sends the same PIN again under the same id (see {@link PinIssuer#again});
 * it neither extends the time to live nor restores attempts, and it counts against the send limits
 * exactly like a send. {@link #canResend} says whether a resend is still allowed: only while the
 * PIN can still be verified and has not been verified yet.
 *
 * @param pinId the PIN's id
 * @param pinHash the keyed hash of the PIN
 * @param pinType the PIN's alphabet, which decides the case rule of verification
 * @param destination where the PIN was sent (phone number or email address)
 * @param sentAt when the PIN was first sent
 * @param expiresAt when the PIN stops being valid ({@code sentAt + pinTimeToLive})
 * @param attemptsRemaining wrong tries left
 * @param allowMultiplePinVerifications whether the PIN stays verifiable after a success
 * @param verified whether the PIN was ever verified
 * @param verifiedAt the first successful verification, null until then
 * @param consumed whether a single-use PIN was used up by its successful verification
 */
public record PinState(
        String pinId,
        String pinHash,
        PinType pinType,
        String destination,
        Instant sentAt,
        Instant expiresAt,
        int attemptsRemaining,
        boolean allowMultiplePinVerifications,
        boolean verified,
        Instant verifiedAt,
        boolean consumed) {

    /** Checks presence and the invariants between the fields. */
    public PinState {
        Objects.requireNonNull(pinId, "pinId");
        Objects.requireNonNull(pinHash, "pinHash");
        Objects.requireNonNull(pinType, "pinType");
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(sentAt, "sentAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        if (!expiresAt.isAfter(sentAt)) {
            throw new IllegalArgumentException("expiresAt must be after sentAt");
        }
        if (attemptsRemaining < 0) {
            throw new IllegalArgumentException("attemptsRemaining must not be negative");
        }
        if (verified != (verifiedAt != null)) {
            throw new IllegalArgumentException("verifiedAt must be given exactly when verified");
        }
        if (consumed && (!verified || allowMultiplePinVerifications || attemptsRemaining != 0)) {
            throw new IllegalArgumentException("only a verified single-use PIN with no attempts left is consumed");
        }
    }

    /** The state of a PIN sent {@code now} under {@code configuration}. */
    public static PinState issue(String pinId, String pinHash, PinType pinType, String destination,
            ApplicationConfiguration configuration, Instant now) {
        return new PinState(pinId, pinHash, pinType, destination, now,
                now.plus(configuration.pinTimeToLive().toDuration()), configuration.pinAttempts(),
                configuration.allowMultiplePinVerifications(), false, null, false);
    }

    /** True from {@link #expiresAt()} on: the time to live is a half-open interval [sentAt, expiresAt). */
    public boolean isExpired(Instant now) {
        return !now.isBefore(expiresAt);
    }

    /**
     * True while a resend is allowed: not expired, not consumed, attempts left, and not verified
     * yet (a verified PIN has done its job; nothing keeps it recoverable from then on).
     */
    public boolean canResend(Instant now) {
        return !isExpired(now) && !consumed && attemptsRemaining > 0 && !verified;
    }

    PinState afterWrongAttempt() {
        return new PinState(pinId, pinHash, pinType, destination, sentAt, expiresAt, attemptsRemaining - 1,
                allowMultiplePinVerifications, verified, verifiedAt, consumed);
    }

    PinState afterSuccess(Instant now) {
        boolean singleUse = !allowMultiplePinVerifications;
        return new PinState(pinId, pinHash, pinType, destination, sentAt, expiresAt,
                singleUse ? 0 : attemptsRemaining, allowMultiplePinVerifications, true,
                verified ? verifiedAt : now, singleUse);
    }

    /** Shows every field but the hash. */
    @Override
    public String toString() {
        return "PinState[pinId=" + pinId + ", pinType=" + pinType + ", destination=" + destination
                + ", sentAt=" + sentAt + ", expiresAt=" + expiresAt + ", attemptsRemaining=" + attemptsRemaining
                + ", allowMultiplePinVerifications=" + allowMultiplePinVerifications + ", verified=" + verified
                + ", verifiedAt=" + verifiedAt + ", consumed=" + consumed + "]";
    }
}
