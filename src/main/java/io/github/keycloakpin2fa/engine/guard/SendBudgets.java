package io.github.keycloakpin2fa.engine.guard;

import io.github.keycloakpin2fa.engine.application.ApplicationConfiguration;
import io.github.keycloakpin2fa.engine.limit.LimitKeys;
import io.github.keycloakpin2fa.engine.time.Limit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Objects;

/**
 * Which budgets one send spends, each under a key that only the party it protects can use up.
 * All of them are acquired at once (all or nothing), so a refusal by one budget spends none of
 * the others.
 *
 * <ul>
 * <li>Logins and the API spend the application's budgets (Infobip's per-application and
 * per-number limits, our per-country limit). Enrolment never does: a number someone types at
 * enrolment is unconfirmed, and its sends are counted under enrolment keys of their own (per
 * number, per country, per realm). So nobody can use up a user's login budget by typing that
 * user's number at enrolment, and enrolment pumping cannot starve the logins.</li>
 * <li>Logins and enrolments also spend the user's, the authentication session's and the client
 * address's budgets. The API does not: its client is a server acting for many users.</li>
 * <li>Enrolment adds a cooldown per user and a cap on distinct numbers per user per day.</li>
 * <li>While SMS pumping is detected for an application and country, enrolment and API sends
 * there also spend the throttled budget. Logins to a confirmed phone do not, so an attack
 * cannot lock real users out.</li>
 * </ul>
 * The keys are spelled by {@link LimitKeys}.
 */
public final class SendBudgets {

    /** A budget: its key and its limit. */
    public record Budget(String key, Limit limit) {

        /** Checks presence. */
        public Budget {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(limit, "limit");
        }
    }

    private SendBudgets() {
    }

    /**
     * The budgets {@code attempt} spends.
     *
     * @param realmLimits the realm's limits for end users
     * @param application the application's Infobip configuration (per-application and per-number limits)
     * @param protection the application's protection (its per-country limit)
     */
    public static List<Budget> of(SendAttempt attempt, SendLimits realmLimits, ApplicationConfiguration application,
            SendProtection protection) {
        String realm = attempt.realmId();
        String app = attempt.applicationId();
        List<Budget> budgets = new ArrayList<>();
        if (attempt.purpose() == SendPurpose.ENROLMENT) {
            budgets.add(new Budget(LimitKeys.enrolmentPerRealm(realm), realmLimits.enrolmentPerRealm()));
            budgets.add(new Budget(LimitKeys.enrolmentPerNumber(realm, attempt.destinationDigest()), realmLimits.enrolmentPerNumber()));
            if (attempt.region() != null) {
                budgets.add(new Budget(LimitKeys.enrolmentPerCountry(realm, attempt.region()), realmLimits.enrolmentPerCountry()));
            }
            if (attempt.userId() != null) {
                budgets.add(new Budget(LimitKeys.enrolmentCooldown(realm, attempt.userId()), realmLimits.enrolmentCooldownLimit()));
                if (attempt.newNumberForUser()) {
                    budgets.add(new Budget(LimitKeys.enrolmentNumbers(realm, attempt.userId()), realmLimits.enrolmentNumbersLimit()));
                }
            }
        } else {
            budgets.add(new Budget(LimitKeys.sendPerApplication(realm, app), application.sendPinPerApplicationLimit()));
            budgets.add(new Budget(LimitKeys.sendPerDestination(realm, app, attempt.destinationDigest()),
                    application.sendPinPerPhoneNumberLimit()));
            if (attempt.region() != null) {
                budgets.add(new Budget(LimitKeys.sendPerCountry(realm, app, attempt.region()),
                        protection.sendPinPerCountryLimit()));
            }
        }
        if (attempt.purpose() != SendPurpose.API) {
            if (attempt.userId() != null) {
                budgets.add(new Budget(LimitKeys.sendPerUser(realm, attempt.userId()), realmLimits.perUser()));
            }
            if (attempt.sessionId() != null) {
                budgets.add(new Budget(LimitKeys.sendPerSession(realm, attempt.sessionId()), realmLimits.perSession()));
            }
            if (attempt.clientDigest() != null) {
                budgets.add(new Budget(LimitKeys.sendPerClientIp(realm, attempt.clientDigest()), realmLimits.perClientIp()));
            }
        }
        return List.copyOf(budgets);
    }

    /**
     * The budget {@code attempt} also spends while SMS pumping is detected for its application and
     * country: enrolment and API sends to a known country; none for a login to a confirmed phone.
     */
    public static Optional<Budget> whilePumping(SendAttempt attempt, SendProtection protection) {
        if (attempt.purpose() == SendPurpose.LOGIN || attempt.region() == null) {
            return Optional.empty();
        }
        return Optional.of(new Budget(LimitKeys.throttled(attempt.realmId(), attempt.applicationId(), attempt.region()),
                protection.pumping().throttledLimit()));
    }
}
