package io.github.keycloakpin2fa.engine.guard;

/** Why a PIN goes out; each purpose spends its own budgets. */
public enum SendPurpose {
    /** The login step: first send, resend, channel switch, to the user's confirmed phone or verified email. */
    LOGIN,
    /** Enrolment: a PIN to a number the user typed and has not confirmed yet. */
    ENROLMENT,
    /** The 2FA API (send and resend), on behalf of an application's service. */
    API
}
