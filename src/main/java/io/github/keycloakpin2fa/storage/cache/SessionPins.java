package io.github.keycloakpin2fa.storage.cache;

import io.github.keycloakpin2fa.engine.template.PinType;
import io.github.keycloakpin2fa.engine.verification.PinState;
import io.github.keycloakpin2fa.storage.jpa.StoredPin;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.keycloak.models.SingleUseObjectProvider;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * The PIN of one login (or one enrolment), kept in its authentication session instead of a PIN
 * record: the session's notes hold what never changes after the send (the hash, the PIN sealed
 * for a resend, its time to live, its attempts), and every change of its state is claimed in
 * Keycloak's single-use-object store with put-if-absent, atomic on every node of a cluster. The
 * n-th wrong attempt claims the entry {@code attempt:n}; the first right one claims
 * {@code verified}. Two parallel verifies of one PIN therefore never spend the same attempt, and
 * a PIN is verified once, whichever nodes they reach. Nothing of it is in the database: it lives
 * as long as the session, and its claims as long as the PIN.
 *
 * <p>This is the compare-and-set {@code PinVerifier} asks of storage: {@link #replaceState}
 * applies a state read by {@link #read} only if no other claim came in between.
 */
public final class SessionPins {

    private static final String CLAIM_PREFIX = "pin2fa.pin-claim:";
    private static final String ID = "id";
    private static final String APPLICATION = "applicationId";
    private static final String MESSAGE = "messageId";
    private static final String CHANNEL = "pinChannel";
    private static final String HASH_KEY = "hashKid";
    private static final String HASH = "hash";
    private static final String TYPE = "pinType";
    private static final String TO = "to";
    private static final String SENT_AT = "issuedAt";
    private static final String EXPIRES_AT = "expiresAt";
    private static final String ATTEMPTS = "attempts";
    private static final String MULTIPLE = "multiple";
    private static final String REGION = "region";
    private static final String SEAL_KEY = "sealKid";
    private static final String SEALED = "sealed";
    /** How many attempts this session has seen claimed: where counting them starts (a hint, never trusted alone). */
    private static final String SEEN_ATTEMPTS = "seenAttempts";
    private static final String VERIFIED_AT = "verifiedAt";
    private static final String[] FIELDS = {ID, APPLICATION, MESSAGE, CHANNEL, HASH_KEY, HASH, TYPE, TO, SENT_AT, EXPIRES_AT,
        ATTEMPTS, MULTIPLE, REGION, SEAL_KEY, SEALED, SEEN_ATTEMPTS, VERIFIED_AT};
    /** Claims outlive the PIN by this much, so that a node whose clock runs behind still sees them. */
    private static final long CLAIM_MARGIN_SECONDS = 60;

    private final AuthenticationSessionModel authSession;
    private final SingleUseObjectProvider claims;
    private final String prefix;
    private final Clock clock;

    /**
     * @param prefix what the notes' names start with (one login step or one enrolment)
     */
    public SessionPins(AuthenticationSessionModel authSession, SingleUseObjectProvider claims, String prefix, Clock clock) {
        this.authSession = authSession;
        this.claims = claims;
        this.prefix = prefix + "pin.";
        this.clock = clock;
    }

    /**
     * A PIN as the session keeps it.
     *
     * @param pin the PIN's record, as it would be stored (attempts and verification as claimed)
     * @param sealKid the id of the realm key the PIN was sealed under
     * @param sealed the PIN sealed for a resend
     */
    public record Held(StoredPin pin, String sealKid, String sealed) {

        @Override
        public String toString() {
            return "Held[pinId=" + pin.pinId() + ", sealKid=" + sealKid + "]";
        }
    }

    /** Keeps a just-issued PIN, in place of this session's PIN before it (whose claims then lead nowhere). */
    public void hold(Held held) {
        StoredPin pin = held.pin();
        PinState state = pin.state();
        if (state.verified() || state.attemptsRemaining() == 0) {
            throw new IllegalArgumentException("only a PIN just issued is held");
        }
        clear();
        note(ID, state.pinId());
        note(APPLICATION, pin.applicationId());
        note(MESSAGE, pin.messageId());
        note(CHANNEL, pin.channel());
        note(HASH_KEY, pin.keyId());
        note(HASH, state.pinHash());
        note(TYPE, state.pinType().name());
        note(TO, state.destination());
        note(SENT_AT, Long.toString(state.sentAt().toEpochMilli()));
        note(EXPIRES_AT, Long.toString(state.expiresAt().toEpochMilli()));
        note(ATTEMPTS, Integer.toString(state.attemptsRemaining()));
        note(MULTIPLE, Boolean.toString(state.allowMultiplePinVerifications()));
        note(REGION, pin.region());
        note(SEAL_KEY, held.sealKid());
        note(SEALED, held.sealed());
    }

    /** The session's PIN if its id is {@code pinId}, with the attempts and verification claimed so far. */
    public Optional<Held> read(String pinId) {
        String id = authSession.getAuthNote(prefix + ID);
        if (id == null || !id.equals(pinId)) {
            return Optional.empty();
        }
        try {
            int attempts = Integer.parseInt(authSession.getAuthNote(prefix + ATTEMPTS));
            boolean multiple = Boolean.parseBoolean(authSession.getAuthNote(prefix + MULTIPLE));
            int used = attemptsUsed(id, attempts);
            boolean verified = claims.contains(verifiedKey(id));
            Instant verifiedAt = null;
            if (verified) {
                String at = authSession.getAuthNote(prefix + VERIFIED_AT);
                // The claim is there before its note (and another node's note may not be here yet).
                verifiedAt = at == null ? clock.instant() : Instant.ofEpochMilli(Long.parseLong(at));
            }
            boolean consumed = verified && !multiple;
            PinState state = new PinState(id, authSession.getAuthNote(prefix + HASH),
                    PinType.valueOf(authSession.getAuthNote(prefix + TYPE)), authSession.getAuthNote(prefix + TO),
                    millis(SENT_AT), millis(EXPIRES_AT), consumed ? 0 : attempts - used, multiple, verified, verifiedAt, consumed);
            StoredPin pin = new StoredPin(authSession.getRealm().getId(), authSession.getAuthNote(prefix + APPLICATION),
                    authSession.getAuthNote(prefix + MESSAGE), authSession.getAuthNote(prefix + CHANNEL),
                    authSession.getAuthNote(prefix + HASH_KEY), state, state.sentAt().toEpochMilli(), null,
                    authSession.getAuthNote(prefix + REGION));
            return Optional.of(new Held(pin, authSession.getAuthNote(prefix + SEAL_KEY), authSession.getAuthNote(prefix + SEALED)));
        } catch (RuntimeException unreadable) {
            return Optional.empty(); // notes of an older version, or damaged: as if no PIN was sent
        }
    }

    /**
     * Applies {@code next} over {@code expected} (as {@link #read} returned it) by claiming the
     * change: a wrong attempt claims the next attempt, a first verification claims it. False when
     * another verify claimed it first: nothing was changed, read again.
     */
    public boolean replaceState(StoredPin expected, StoredPin next) {
        PinState was = expected.state();
        PinState now = next.state();
        String id = was.pinId();
        long lifespan = claimSeconds();
        if (now.verified() && !was.verified()) {
            if (!claims.putIfAbsent(verifiedKey(id), lifespan)) {
                return false;
            }
            note(VERIFIED_AT, Long.toString(now.verifiedAt().toEpochMilli()));
            return true;
        }
        if (now.attemptsRemaining() == was.attemptsRemaining() - 1 && now.verified() == was.verified()) {
            int attempts = Integer.parseInt(authSession.getAuthNote(prefix + ATTEMPTS));
            int nth = attempts - was.attemptsRemaining() + 1;
            if (!claims.putIfAbsent(attemptKey(id, nth), lifespan)) {
                return false;
            }
            note(SEEN_ATTEMPTS, Integer.toString(nth));
            return true;
        }
        if (now.equals(was)) {
            return true; // nothing changes (an expired PIN, or one with no attempts left)
        }
        throw new IllegalArgumentException("not a change a verify makes: " + was + " to " + now);
    }

    /** After a resend: the channel it went out on last. */
    public void resentOver(String channel) {
        note(CHANNEL, channel);
    }

    /** Destroys the sealed PIN once it can no longer be verified: it is never resent. */
    public void dropSealed() {
        authSession.removeAuthNote(prefix + SEALED);
    }

    /** Forgets the session's PIN (its claims expire with it). */
    public void clear() {
        for (String field : FIELDS) {
            authSession.removeAuthNote(prefix + field);
        }
    }

    /** The wrong attempts claimed: counted from what this session saw last, up to the first not claimed. */
    private int attemptsUsed(String id, int attempts) {
        String seen = authSession.getAuthNote(prefix + SEEN_ATTEMPTS);
        int used = seen == null ? 0 : Integer.parseInt(seen);
        while (used < attempts && claims.contains(attemptKey(id, used + 1))) {
            used++;
        }
        return used;
    }

    private long claimSeconds() {
        long left = millis(EXPIRES_AT).toEpochMilli() - clock.millis();
        return Math.max(1, (left + 999) / 1000) + CLAIM_MARGIN_SECONDS;
    }

    private Instant millis(String field) {
        return Instant.ofEpochMilli(Long.parseLong(authSession.getAuthNote(prefix + field)));
    }

    private void note(String field, String value) {
        if (value == null) {
            authSession.removeAuthNote(prefix + field);
        } else {
            authSession.setAuthNote(prefix + field, value);
        }
    }

    static String attemptKey(String pinId, int nth) {
        return CLAIM_PREFIX + pinId + ":attempt:" + nth;
    }

    static String verifiedKey(String pinId) {
        return CLAIM_PREFIX + pinId + ":verified";
    }
}
