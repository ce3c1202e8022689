package io.github.keycloakpin2fa.service;

import io.github.keycloakpin2fa.engine.guard.SendRefusal;
import io.github.keycloakpin2fa.engine.validation.ValidationErrors;
import java.time.Duration;
import java.util.Objects;

/**
 * Why the PIN service did not do what it was asked, in domain terms: a closed set, so each front
 * door maps every refusal exactly once (the API onto Infobip's statuses and envelope in
 * {@code api.ApiRefusals}, the login flow onto message keys and event errors in
 * {@code login.LoginRefusals}). Each mapping implements {@link Mapping}, which has one method per
 * refusal (Java 17 has no pattern {@code switch}): a new refusal adds a method there, and no front
 * door compiles until it maps it. Nothing here knows HTTP, message keys or events.
 */
public sealed interface Refusal {

    /** Hands this refusal to the mapping's method for its type. */
    <R> R accept(Mapping<R> mapping);

    /** A front door's answer to every refusal, one method each. */
    interface Mapping<R> {
        R invalidInput(InvalidInput refusal);

        R applicationNotFound(ApplicationNotFound refusal);

        R templateNotFound(TemplateNotFound refusal);

        R pinNotFound(PinNotFound refusal);

        R applicationDisabled(ApplicationDisabled refusal);

        R pinGone(PinGone refusal);

        R rateLimited(RateLimited refusal);

        R destinationBlocked(DestinationBlocked refusal);

        R serverMisconfigured(ServerMisconfigured refusal);

        R accountLocked(AccountLocked refusal);

        /** The mapping's answer for {@code refusal}. */
        default R map(Refusal refusal) {
            return refusal.accept(this);
        }
    }

    /** Fields of the request are missing or wrong; the errors name them. */
    record InvalidInput(ValidationErrors errors) implements Refusal {
        @Override
        public <R> R accept(Mapping<R> mapping) {
            return mapping.invalidInput(this);
        }

        public InvalidInput {
            Objects.requireNonNull(errors, "errors");
        }

        public static InvalidInput of(String field, String message) {
            return new InvalidInput(ValidationErrors.of(field, message));
        }
    }

    /** No application with this id in the realm. */
    record ApplicationNotFound(String applicationId) implements Refusal {
        @Override
        public <R> R accept(Mapping<R> mapping) {
            return mapping.applicationNotFound(this);
        }

    }

    /** No message template with this id in the application. */
    record TemplateNotFound(String applicationId, String messageId) implements Refusal {
        @Override
        public <R> R accept(Mapping<R> mapping) {
            return mapping.templateNotFound(this);
        }

    }

    /** No PIN with this id in the realm (never sent, or purged since). */
    record PinNotFound(String pinId) implements Refusal {
        @Override
        public <R> R accept(Mapping<R> mapping) {
            return mapping.pinNotFound(this);
        }

    }

    /**
     * The user the send is for has used up the account's budget of consecutive wrong PINs
     * ({@link AccountPinBudget}): nothing is sent for them until an admin resets it.
     */
    record AccountLocked() implements Refusal {
        @Override
        public <R> R accept(Mapping<R> mapping) {
            return mapping.accountLocked(this);
        }
    }

    /** The application is switched off: it sends no PINs. */
    record ApplicationDisabled(String applicationId) implements Refusal {
        @Override
        public <R> R accept(Mapping<R> mapping) {
            return mapping.applicationDisabled(this);
        }

    }

    /**
     * The PIN cannot be resent (it can no longer be verified, or its sealed copy is gone), so it is
     * not: send a new one.
     */
    record PinGone(String pinId, Why why) implements Refusal {
        @Override
        public <R> R accept(Mapping<R> mapping) {
            return mapping.pinGone(this);
        }

        public PinGone {
            Objects.requireNonNull(why, "why");
        }

        /** Expired or without attempts left. */
        public PinGone(String pinId) {
            this(pinId, Why.EXPIRED_OR_USED_UP);
        }

        /** Why a PIN is gone. */
        public enum Why {
            /** Its time to live is over, or no attempt is left. */
            EXPIRED_OR_USED_UP,
            /** It was verified: there is nothing to resend. */
            VERIFIED,
            /** Its sealed copy is gone (a restart of a single node, or its key was removed). */
            NOT_RECOVERABLE
        }
    }

    /**
     * A limit is used up.
     *
     * @param retryAfter how long until the request would be allowed
     * @param limit which kind of limit refused it
     */
    record RateLimited(Duration retryAfter, Limit limit) implements Refusal {
        @Override
        public <R> R accept(Mapping<R> mapping) {
            return mapping.rateLimited(this);
        }

        public RateLimited {
            Objects.requireNonNull(retryAfter, "retryAfter");
            Objects.requireNonNull(limit, "limit");
        }

        /** The kinds of limit. */
        public enum Limit {
            /** {@code sendPinPerApplicationLimit}. */
            SEND_PER_APPLICATION,
            /** {@code sendPinPerPhoneNumberLimit} (per destination, email addresses too). */
            SEND_PER_DESTINATION,
            /** {@code verifyPinLimit}. */
            VERIFY,
            /**
             * One of the send guard's own budgets: per user, session, client address, country,
             * enrolment, or the throttle while SMS pumping is detected.
             */
            SEND_GUARD
        }

        /** Whether this limit counts sends (all but {@link Limit#VERIFY}). */
        public boolean onSends() {
            return limit != Limit.VERIFY;
        }
    }

    /**
     * The application may not send to this destination at all (its country or its number type is
     * not allowed); waiting does not help.
     */
    record DestinationBlocked(SendRefusal.Reason reason) implements Refusal {
        @Override
        public <R> R accept(Mapping<R> mapping) {
            return mapping.destinationBlocked(this);
        }

        public DestinationBlocked {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** The server cannot serve the request as it is set up (for example, the realm has no key to protect PINs). */
    record ServerMisconfigured(String problem) implements Refusal {
        @Override
        public <R> R accept(Mapping<R> mapping) {
            return mapping.serverMisconfigured(this);
        }

    }
}
