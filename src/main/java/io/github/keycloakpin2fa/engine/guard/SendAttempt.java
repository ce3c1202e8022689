package io.github.keycloakpin2fa.engine.guard;

import java.util.Objects;

/**
 * One send (or resend) as the guard sees it. Personal values (destination, client address) come
 * in as opaque digests: they end up in limit keys, which are stored.
 *
 * @param purpose login, enrolment or API
 * @param realmId the realm
 * @param applicationId the application that sends
 * @param userId the user, or null (API)
 * @param sessionId the authentication session, or null (API)
 * @param clientDigest a digest of the client's address, or null (API: its client is a server)
 * @param destinationDigest a digest of the destination
 * @param region the destination's country, or null (email, or not known)
 * @param newNumberForUser for an enrolment: the user has not asked for this number in the last day
 */
public record SendAttempt(SendPurpose purpose, String realmId, String applicationId, String userId, String sessionId,
        String clientDigest, String destinationDigest, String region, boolean newNumberForUser) {

    /** Checks the parts every attempt has. */
    public SendAttempt {
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(realmId, "realmId");
        Objects.requireNonNull(applicationId, "applicationId");
        Objects.requireNonNull(destinationDigest, "destinationDigest");
    }
}
