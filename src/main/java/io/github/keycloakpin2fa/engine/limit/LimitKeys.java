package io.github.keycloakpin2fa.engine.limit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The one place rate-limit keys are spelled: {@code <kind>:<realmId>:<rest>}. Whatever names a
 * person (a destination, a session, a client address) is a SHA-256 {@link #digest}, so no phone
 * number, address or session id is stored in clear in a key. Every key holds the realm id between
 * colons, so {@link #ofRealmPattern} finds all of a realm's keys again.
 */
public final class LimitKeys {

    private LimitKeys() {
    }

    /** SHA-256, hex: what stands for a destination, session or client address inside a key. */
    public static String digest(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Infobip's {@code sendPinPerApplicationLimit}: sends through one application. */
    public static String sendPerApplication(String realmId, String applicationId) {
        return "send-app:" + realmId + ":" + applicationId;
    }

    /** Infobip's {@code sendPinPerPhoneNumberLimit}: sends through one application to one destination. */
    public static String sendPerDestination(String realmId, String applicationId, String destinationDigest) {
        return "send-to:" + realmId + ":" + applicationId + ":" + destinationDigest;
    }

    /** Sends through one application to one country. */
    public static String sendPerCountry(String realmId, String applicationId, String region) {
        return "send-country:" + realmId + ":" + applicationId + ":" + region;
    }

    /** Sends for one user, whatever the application. */
    public static String sendPerUser(String realmId, String userId) {
        return "send-user:" + realmId + ":" + userId;
    }

    /** Sends for one authentication session. */
    public static String sendPerSession(String realmId, String sessionDigest) {
        return "send-session:" + realmId + ":" + sessionDigest;
    }

    /** Sends asked for from one client address. */
    public static String sendPerClientIp(String realmId, String clientDigest) {
        return "send-ip:" + realmId + ":" + clientDigest;
    }

    /** Sends to one country while pumping is detected there. */
    public static String throttled(String realmId, String applicationId, String region) {
        return "pumping:" + realmId + ":" + applicationId + ":" + region;
    }

    /** Enrolment sends in the whole realm. */
    public static String enrolmentPerRealm(String realmId) {
        return "enrol-realm:" + realmId + ":";
    }

    /** Enrolment sends to one number. */
    public static String enrolmentPerNumber(String realmId, String destinationDigest) {
        return "enrol-to:" + realmId + ":" + destinationDigest;
    }

    /** Enrolment sends to one country. */
    public static String enrolmentPerCountry(String realmId, String region) {
        return "enrol-country:" + realmId + ":" + region;
    }

    /** One user's enrolment cooldown. */
    public static String enrolmentCooldown(String realmId, String userId) {
        return "enrol-cooldown:" + realmId + ":" + userId;
    }

    /** Distinct numbers one user enrols. */
    public static String enrolmentNumbers(String realmId, String userId) {
        return "enrol-numbers:" + realmId + ":" + userId;
    }

    /** Infobip's {@code verifyPinLimit}: verifications through one application for one destination. */
    public static String verifyPerDestination(String realmId, String applicationId, String destinationDigest) {
        return "verify:" + realmId + ":" + applicationId + ":" + destinationDigest;
    }

    /** The PINs an application sent to one country (SMS-pumping detection counts them, limits none). */
    public static String pumpingSent(String realmId, String applicationId, String region) {
        return "pumping-sent:" + realmId + ":" + applicationId + ":" + region;
    }

    /**
     * The PINs of an application to one country that were verified (SMS-pumping detection). It
     * sorts after every {@link #verifyPerDestination} key ({@code "verifyok"} after
     * {@code "verify:"}): a verify locks that window first, then this one, the order in which a
     * send takes both.
     */
    public static String pumpingVerified(String realmId, String applicationId, String region) {
        return "verifyok:" + realmId + ":" + applicationId + ":" + region;
    }

    /** A SQL {@code LIKE} pattern matching every key of a realm. */
    public static String ofRealmPattern(String realmId) {
        return "%:" + realmId + ":%";
    }

    /** Whether {@code key} is one of Infobip's per-application send limits. */
    public static boolean isSendPerApplication(String key) {
        return key.startsWith("send-app:");
    }

    /** Whether {@code key} is one of Infobip's per-destination send limits. */
    public static boolean isSendPerDestination(String key) {
        return key.startsWith("send-to:");
    }

    /** Whether {@code key} is an authentication session's send limit. */
    public static boolean isSendPerSession(String key) {
        return key.startsWith("send-session:");
    }
}
