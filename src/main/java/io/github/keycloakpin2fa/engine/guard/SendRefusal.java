package io.github.keycloakpin2fa.engine.guard;

import java.util.Objects;

/**
 * Why an application's geo permissions let no message go to a destination (its spent budgets are
 * the limiter's answer, not this).
 */
public sealed interface SendRefusal {

    /** The application may not send to this destination at all; waiting does not help. */
    record Blocked(Reason reason) implements SendRefusal {

        /** Checks that a reason is given. */
        public Blocked {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** Why a destination is blocked. */
    enum Reason {
        /** The application lists allowed countries and this is not one of them. */
        COUNTRY_NOT_ALLOWED,
        /** The application blocks this country. */
        COUNTRY_BLOCKED,
        /** The number is of a blocked type (premium rate, shared cost, ...). */
        NUMBER_TYPE_BLOCKED;

        /** The text the API answers under {@code to}. */
        public String text() {
            return switch (this) {
                case COUNTRY_NOT_ALLOWED -> "is in a country this application does not send to";
                case COUNTRY_BLOCKED -> "is in a country this application blocks";
                case NUMBER_TYPE_BLOCKED -> "is a premium-rate or other high-cost number this application does not send to";
            };
        }
    }
}
