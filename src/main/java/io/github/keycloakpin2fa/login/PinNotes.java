package io.github.keycloakpin2fa.login;

import io.github.keycloakpin2fa.delivery.Channel;
import io.github.keycloakpin2fa.engine.destination.Destination;
import io.github.keycloakpin2fa.engine.destination.EmailAddress;
import io.github.keycloakpin2fa.engine.destination.PhoneNumber;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * What one login (or one enrolment) knows about its PIN, kept in authentication session notes:
 * the PIN id, where it went, how, when, and whether it can still be verified. The notes are
 * bound to that authentication session; the PIN itself is only in the PIN service, hashed.
 *
 * @param sentAt when the last PIN went out (server time, ms), 0 when its delivery failed
 */
record PinNotes(String pinId, Destination destination, Channel channel, long sentAt, State state) {

    /** Whether the PIN can still be verified, as far as this login has seen. */
    enum State {
        LIVE,
        /** Its time to live is over: a resend sends a fresh PIN. */
        EXPIRED,
        /** No attempts left: the user starts the login over. */
        USED_UP
    }

    private static final String PIN_ID = "pinId";
    private static final String DESTINATION = "destination";
    private static final String CHANNEL = "channel";
    private static final String SENT_AT = "sentAt";
    private static final String STATE = "state";

    static PinNotes read(AuthenticationSessionModel authSession, String prefix) {
        String pinId = authSession.getAuthNote(prefix + PIN_ID);
        String destination = authSession.getAuthNote(prefix + DESTINATION);
        if (pinId == null || destination == null) {
            return null;
        }
        try {
            Channel channel = Channel.valueOf(authSession.getAuthNote(prefix + CHANNEL));
            Destination to = channel == Channel.EMAIL ? new EmailAddress(destination) : new PhoneNumber(destination);
            return new PinNotes(pinId, to, channel,
                    Long.parseLong(authSession.getAuthNote(prefix + SENT_AT)), State.valueOf(authSession.getAuthNote(prefix + STATE)));
        } catch (RuntimeException unreadable) {
            return null;
        }
    }

    void write(AuthenticationSessionModel authSession, String prefix) {
        authSession.setAuthNote(prefix + PIN_ID, pinId);
        authSession.setAuthNote(prefix + DESTINATION, destination.value());
        authSession.setAuthNote(prefix + CHANNEL, channel.name());
        authSession.setAuthNote(prefix + SENT_AT, Long.toString(sentAt));
        authSession.setAuthNote(prefix + STATE, state.name());
    }

    static void clear(AuthenticationSessionModel authSession, String prefix) {
        for (String key : new String[] {PIN_ID, DESTINATION, CHANNEL, SENT_AT, STATE}) {
            authSession.removeAuthNote(prefix + key);
        }
    }

    PinNotes withState(State next) {
        return new PinNotes(pinId, destination, channel, sentAt, next);
    }

    /** Seconds until another PIN may be asked for; 0 when now. */
    long cooldownLeft(long nowMillis, int cooldownSeconds) {
        if (sentAt == 0 || cooldownSeconds == 0) {
            return 0;
        }
        long leftMillis = sentAt + cooldownSeconds * 1000L - nowMillis;
        return leftMillis <= 0 ? 0 : (leftMillis + 999) / 1000;
    }
}
