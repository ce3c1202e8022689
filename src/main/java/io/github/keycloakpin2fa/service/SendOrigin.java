package io.github.keycloakpin2fa.service;

import io.github.keycloakpin2fa.engine.guard.SendPurpose;
import java.util.Objects;

/**
 * Who makes a PIN go out: the budgets a send spends depend on it.
 *
 * @param purpose login, enrolment or API
 * @param userId the user (login, enrolment), or null
 * @param sessionId the authentication session (login, enrolment), or null
 * @param clientIp the end user's address as Keycloak resolved it through its proxy settings
 *     ({@code ClientConnection.getRemoteAddr()}), or null
 */
public record SendOrigin(SendPurpose purpose, String userId, String sessionId, String clientIp) {

    private static final SendOrigin API = new SendOrigin(SendPurpose.API, null, null, null);

    /** Checks that a purpose is given. */
    public SendOrigin {
        Objects.requireNonNull(purpose, "purpose");
    }

    /** A send through the 2FA API: its client is a server acting for many users. */
    public static SendOrigin api() {
        return API;
    }
}
