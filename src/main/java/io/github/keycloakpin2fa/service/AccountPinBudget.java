package io.github.keycloakpin2fa.service;

import io.github.keycloakpin2fa.storage.ServerClock;
import io.github.keycloakpin2fa.storage.jpa.PinFailureStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.OptionalInt;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * The account-wide budget of consecutive wrong PINs (NIST SP 800-63B: at most 100), across every
 * PIN a user gets, at login and at enrolment, whether or not the realm's brute-force protection
 * is on. A right PIN resets it; once it is used up, no PIN is sent or checked for the user until
 * an admin resets it. The realm attribute {@value #MAX_ATTRIBUTE} lowers it (1 to 100).
 */
public final class AccountPinBudget {

    public static final String MAX_ATTRIBUTE = "pin2fa.max-consecutive-failures";
    public static final int DEFAULT_MAX = 100;

    private final RealmModel realm;
    private final PinFailureStore store;
    /** prepare() found the user's row with no failures (so a right PIN has nothing to reset). */
    private boolean noFailuresSeen;
    /** The user prepare() read, and the failures it read (a created row has none). */
    private String preparedUser;
    private int preparedFailures;

    public AccountPinBudget(KeycloakSession session, RealmModel realm) {
        this.realm = realm;
        this.store = new PinFailureStore(session);
    }

    /** The budget of this realm: its attribute when it is a whole number from 1 to 100, else 100. */
    public int max() {
        String configured = realm.getAttribute(MAX_ATTRIBUTE);
        try {
            int value = configured == null ? DEFAULT_MAX : Integer.parseInt(configured.trim());
            return value >= 1 && value <= DEFAULT_MAX ? value : DEFAULT_MAX;
        } catch (NumberFormatException e) {
            return DEFAULT_MAX;
        }
    }

    /**
     * True when the user has no wrong PIN left. After {@link #prepare} for the same user, it
     * answers from what prepare read, without reading again.
     */
    public boolean usedUp(String userId) {
        int failures = userId.equals(preparedUser) ? preparedFailures : store.failures(realm.getId(), userId);
        return failures >= max();
    }

    /**
     * True when the user has no wrong PIN left, as the transaction of {@code connection} sees it
     * (a send's budgets', which refuses the send then).
     */
    public boolean usedUpIn(Connection connection, String userId) throws SQLException {
        return store.failuresIn(connection, realm.getId(), userId) >= max();
    }

    /** Call before a PIN is checked (and before any lock): prepares the user's counter. */
    public void prepare(String userId) {
        OptionalInt found = store.ensureRow(realm.getId(), userId, ServerClock.INSTANCE.millis());
        noFailuresSeen = found.isPresent() && found.getAsInt() == 0;
        preparedUser = userId;
        preparedFailures = found.orElse(0);
    }

    /** Counts a wrong PIN; returns how many are left (0: used up). */
    public int recordFailure(String userId) {
        int failures = store.increment(realm.getId(), userId, ServerClock.INSTANCE.millis());
        return Math.max(0, max() - failures);
    }

    /** A right PIN: the failures are no longer consecutive. */
    public void recordSuccess(String userId) {
        if (noFailuresSeen) {
            // Nothing to reset when prepare() read none: no write. A wrong PIN of another session
            // counted since then stays counted, as if it had come after this right one.
            return;
        }
        store.reset(realm.getId(), userId, ServerClock.INSTANCE.millis());
    }

    /** An admin's reset. */
    public void reset(String userId) {
        store.reset(realm.getId(), userId, ServerClock.INSTANCE.millis());
    }

    public int failures(String userId) {
        return store.failures(realm.getId(), userId);
    }
}
