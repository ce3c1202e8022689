package io.github.keycloakpin2fa.engine.guard;

import java.time.Duration;
import java.util.Objects;

/** Why the send guard lets no message go out. */
public sealed interface SendRefusal {

    /** A budget is spent; the send may be tried again after {@code retryAfter}. */
    record Limited(Duration retryAfter) implements SendRefusal {

        /** Checks that the wait is positive. */
        public Limited {
            Objects.requireNonNull(retryAfter, "retryAfter");
            if (retryAfter.isNegative() || retryAfter.isZero()) {
                throw new IllegalArgumentException("retryAfter must be positive");
            }
        }
    }

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
