package io.github.keycloakpin2fa.service;

import io.github.keycloakpin2fa.engine.destination.Destination;
import io.github.keycloakpin2fa.engine.destination.PhoneNumber;
import io.github.keycloakpin2fa.engine.guard.NumberType;
import io.github.keycloakpin2fa.engine.guard.PumpingPolicy;
import io.github.keycloakpin2fa.engine.guard.SendAttempt;
import io.github.keycloakpin2fa.engine.guard.SendBudgets;
import io.github.keycloakpin2fa.engine.guard.SendLimits;
import io.github.keycloakpin2fa.engine.guard.SendPurpose;
import io.github.keycloakpin2fa.engine.guard.SendRefusal;
import io.github.keycloakpin2fa.engine.limit.ClaimedPlaces;
import io.github.keycloakpin2fa.engine.limit.LimitDecision;
import io.github.keycloakpin2fa.engine.limit.LimitKeys;
import io.github.keycloakpin2fa.engine.time.Limit;
import io.github.keycloakpin2fa.storage.cache.SingleUsePlaces;
import io.github.keycloakpin2fa.storage.jpa.JpaRateLimiter;
import io.github.keycloakpin2fa.storage.jpa.JpaRateLimiter.LimitedKey;
import io.github.keycloakpin2fa.storage.realm.StoredApplication;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * The one guard every send and resend passes, whichever door it comes through (login step,
 * enrolment, API), before a PIN is issued or a vendor called:
 * <ol>
 * <li>geo permissions: the application's allowed and blocked countries and number types;</li>
 * <li>SMS pumping: the application's verify/send conversion to the destination's country;</li>
 * <li>the budgets of {@link SendBudgets}, all acquired at once in the database (exact across a
 * cluster; a refusal spends none), except the authentication session's, which is claimed first in
 * the cluster's single-use objects ({@link ClaimedPlaces}) and given back when the database
 * refuses;</li>
 * <li>for a user's send (login, enrolment), the account's budget of wrong PINs
 * ({@link AccountPinBudget}), read in that same transaction: the request that sends needs no
 * database connection of its own, so it holds none while the vendor has its message.</li>
 * </ol>
 * A refusal is a {@link RefusedException}: {@link Refusal.DestinationBlocked}, {@link Refusal.RateLimited}
 * or {@link Refusal.AccountLocked}.
 */
public final class SendGuard {

    private static final Logger LOG = Logger.getLogger(SendGuard.class);
    private static final long DAY_SECONDS = 86_400;

    private final KeycloakSession session;
    private final RealmModel realm;
    private final JpaRateLimiter limiter;
    private final Clock clock;

    SendGuard(KeycloakSession session, RealmModel realm, JpaRateLimiter limiter, Clock clock) {
        this.session = session;
        this.realm = realm;
        this.limiter = limiter;
        this.clock = clock;
    }

    /** Whether libphonenumber knows a region code (for validating geo permissions). */
    public static boolean isKnownRegion(String region) {
        return PhoneNumber.isKnownRegion(region);
    }

    /**
     * What an admitted send writes in the transaction that spends its budgets, so that one is never
     * stored without the other (a send's PIN record).
     */
    @FunctionalInterface
    interface WrittenWith {
        /** Nothing beside the budgets (a resend: its PIN is stored already). */
        WrittenWith NOTHING = (tx, region) -> { };

        /**
         * @param tx the connection of the budgets' transaction
         * @param region the destination's country as the guard saw it (null for email or an unknown country)
         */
        void write(Connection tx, String region) throws SQLException;
    }

    /** {@link #admit(SendOrigin, StoredApplication, Destination, WrittenWith)} writing nothing beside the budgets. */
    String admit(SendOrigin origin, StoredApplication app, Destination destination) {
        return admit(origin, app, destination, WrittenWith.NOTHING);
    }

    /**
     * Lets a send through, spending its budgets and writing {@code with} in the same transaction,
     * or refuses it, writing neither.
     *
     * @return the destination's country as the guard saw it (null for email or an unknown country)
     * @throws RefusedException when refused
     */
    String admit(SendOrigin origin, StoredApplication app, Destination destination, WrittenWith with) {
        String region = null;
        if (destination instanceof PhoneNumber phone) {
            PhoneNumber.Plan plan = phone.plan();
            region = plan.region();
            Optional<SendRefusal.Blocked> blocked = app.protection().check(region, numberType(plan.lineType()));
            if (blocked.isPresent()) {
                GuardMetrics.refused(origin.purpose(), blocked.get().reason().name());
                throw new RefusedException(new Refusal.DestinationBlocked(blocked.get().reason()));
            }
        }
        String destinationDigest = LimitKeys.digest(destination.limitKey());
        String seenKey = null;
        boolean newNumber = false;
        if (origin.purpose() == SendPurpose.ENROLMENT && origin.userId() != null) {
            seenKey = "pin2fa-enrol-number:" + realm.getId() + ":" + origin.userId() + ":" + destinationDigest;
            newNumber = !session.singleUseObjects().contains(seenKey);
        }
        SendAttempt attempt = new SendAttempt(origin.purpose(), realm.getId(), app.id(), origin.userId(),
                origin.sessionId() == null ? null : LimitKeys.digest(origin.sessionId()),
                origin.clientIp() == null ? null : LimitKeys.digest(origin.clientIp()), destinationDigest, region, newNumber);
        List<LimitedKey> keys = new ArrayList<>();
        SendBudgets.Budget sessionBudget = null;
        for (SendBudgets.Budget budget : SendBudgets.of(attempt, realmLimits(), app.application().configuration(), app.protection())) {
            if (LimitKeys.isSendPerSession(budget.key()) && ClaimedPlaces.fits(budget.limit())) {
                // A new authentication session's budget would be a new row on every login: it is
                // kept in the cluster's single-use objects instead (ClaimedPlaces).
                sessionBudget = budget;
            } else {
                keys.add(new LimitedKey(budget.key(), budget.limit()));
            }
        }
        // The verify limit's window for this destination is made ready here too, in the same
        // transaction, so that verifying this PIN never has to create it while it holds locks.
        List<String> prepared = new ArrayList<>(List.of(LimitKeys.verifyPerDestination(realm.getId(), app.id(), destinationDigest)));
        PumpingPolicy pumping = app.protection().pumping();
        JpaRateLimiter.Throttle throttle = null;
        if (region != null && pumping.enabled()) {
            // SMS pumping: every send to the country counts in one window, every first verification
            // in another (PinService.verify); the conversion is read from both in the same
            // transaction, so detecting costs two short rows whatever the traffic.
            Limit counting = new Limit(Integer.MAX_VALUE, pumping.window());
            String sentKey = LimitKeys.pumpingSent(realm.getId(), app.id(), region);
            String verifiedKey = LimitKeys.pumpingVerified(realm.getId(), app.id(), region);
            keys.add(new LimitedKey(sentKey, counting));
            prepared.add(verifiedKey);
            Optional<SendBudgets.Budget> whilePumping = SendBudgets.whilePumping(attempt, app.protection());
            if (whilePumping.isPresent()) {
                throttle = new JpaRateLimiter.Throttle(sentKey, verifiedKey, pumping.window().toDuration().toMillis(),
                        pumping::isPumping, new LimitedKey(whilePumping.get().key(), whilePumping.get().limit()));
            }
        }
        ClaimedPlaces.Claim sessionPlace = null;
        if (sessionBudget != null) {
            sessionPlace = ClaimedPlaces.tryAcquire(places(), sessionBudget.key(), sessionBudget.limit(), clock.millis());
            if (!sessionPlace.decision().allowed()) {
                GuardMetrics.refused(origin.purpose(), "limit");
                throw new RefusedException(new Refusal.RateLimited(sessionPlace.decision().retryAfter(),
                        Refusal.RateLimited.Limit.SEND_GUARD));
            }
        }
        // A PIN lives at most a year (TimeBound.PIN_TIME_TO_LIVE): its end fits in a long.
        long pinLife = app.application().configuration().pinTimeToLive().toDuration().toMillis();
        JpaRateLimiter.Admission admission;
        try {
            String seenRegion = region;
            admission = limiter.admit(keys, prepared, clock.millis() + pinLife, throttle, tx -> {
                if (origin.userId() != null && new AccountPinBudget(session, realm).usedUpIn(tx, origin.userId())) {
                    throw new RefusedException(new Refusal.AccountLocked()); // rolls the budgets back
                }
                with.write(tx, seenRegion);
            });
        } catch (RuntimeException e) {
            release(sessionPlace);
            if (e instanceof RefusedException refused && refused.refusal() instanceof Refusal.AccountLocked) {
                GuardMetrics.refused(origin.purpose(), "account_locked");
            }
            throw e;
        }
        if (!admission.verdict().decision().allowed()) {
            release(sessionPlace); // all or nothing: a send another limit refused spends no place of the session's
        }
        boolean throttled = admission.throttled();
        if (throttled) {
            new PumpingAlarm(session, realm).raise(app.id(), region, admission.sent(), admission.verified(), pumping,
                    origin.clientIp());
        }
        JpaRateLimiter.Verdict verdict = admission.verdict();
        LimitDecision decision = verdict.decision();
        if (!decision.allowed()) {
            GuardMetrics.refused(origin.purpose(), "limit");
            throw new RefusedException(new Refusal.RateLimited(decision.retryAfter(), reportLimit(app, verdict.refusedBy())));
        }
        if (throttled) {
            GuardMetrics.throttledSend(app.id(), region);
        }
        if (newNumber) {
            // Remembered only once the send is allowed: a refused attempt never counts as a number.
            session.singleUseObjects().put(seenKey, DAY_SECONDS, Map.of());
        }
        return region;
    }

    private ClaimedPlaces.Places places() {
        return new SingleUsePlaces(session.singleUseObjects());
    }

    private void release(ClaimedPlaces.Claim claim) {
        if (claim != null && claim.place() != null) {
            places().release(claim.place());
        }
    }

    /**
     * Which kind of limit refused; Infobip's own limits also count in {@code pin2fa_refusals_total}
     * under their field names.
     */
    private Refusal.RateLimited.Limit reportLimit(StoredApplication app, LimitedKey refusedBy) {
        if (refusedBy != null && LimitKeys.isSendPerApplication(refusedBy.key())) {
            PinMetrics.refused(realm.getName(), app.id(), PinMetrics.Limit.SEND_PIN_PER_APPLICATION);
            return Refusal.RateLimited.Limit.SEND_PER_APPLICATION;
        }
        if (refusedBy != null && LimitKeys.isSendPerDestination(refusedBy.key())) {
            PinMetrics.refused(realm.getName(), app.id(), PinMetrics.Limit.SEND_PIN_PER_PHONE_NUMBER);
            return Refusal.RateLimited.Limit.SEND_PER_DESTINATION;
        }
        return Refusal.RateLimited.Limit.SEND_GUARD;
    }

    private SendLimits realmLimits() {
        SendLimits limits = SendLimits.fromAttributes(realm.getAttributes());
        if (!limits.problems().isEmpty()) {
            LOG.warnf("Realm %s has send limits that do not parse, their defaults apply: %s", realm.getName(), limits.problems());
        }
        return limits;
    }

    private static NumberType numberType(String name) {
        try {
            return NumberType.valueOf(name);
        } catch (IllegalArgumentException e) {
            return NumberType.UNKNOWN;
        }
    }
}
