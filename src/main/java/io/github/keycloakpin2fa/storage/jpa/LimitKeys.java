package io.github.keycloakpin2fa.storage.jpa;

/**
 * The one place rate-limit keys are spelled: {@code <kind>:<realmId>:<applicationId>} and, for a
 * limit per destination, {@code :<sha256 of the destination>} (no phone number or address is
 * stored in clear in a key). A realm's keys are found again by {@link #ofRealmPattern}.
 */
public final class LimitKeys {

    private LimitKeys() {
    }

    /** Sends through one application, whoever they go to. */
    public static String sendPerApplication(String realmId, String applicationId) {
        return key("send-app", realmId, applicationId, null);
    }

    /** Sends through one application to one destination. */
    public static String sendPerDestination(String realmId, String applicationId, String destinationKey) {
        return key("send-to", realmId, applicationId, destinationKey);
    }

    /** Verifications through one application for one destination. */
    public static String verifyPerDestination(String realmId, String applicationId, String destinationKey) {
        return key("verify", realmId, applicationId, destinationKey);
    }

    /** A {@code LIKE} pattern matching every key of a realm. */
    static String ofRealmPattern(String realmId) {
        return "%:" + realmId + ":%";
    }

    private static String key(String kind, String realmId, String applicationId, String destinationKey) {
        String key = kind + ":" + realmId + ":" + applicationId;
        return destinationKey == null ? key : key + ":" + Hashing.sha256(destinationKey);
    }
}
