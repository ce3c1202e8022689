package io.github.keycloakpin2fa.credential;

import io.github.keycloakpin2fa.engine.destination.PhoneNumber;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import org.keycloak.credential.CredentialModel;
import org.keycloak.util.JsonSerialization;

/**
 * A user's enrolled phone: the number PINs go to at login, in E.164 ({@code +41791234527}). It
 * holds no secret; the PIN itself lives only in the PIN service, as a keyed hash.
 */
public final class PhoneCredentialModel extends CredentialModel {

    public static final String TYPE = "pin-2fa-phone";
    /** The id of the required action that enrols a phone (it lives in the login flow). */
    public static final String ENROL_ACTION_ID = "pin-2fa-enrol-phone";
    static final String PHONE_NUMBER = "phoneNumber";

    private final String phoneNumber;

    private PhoneCredentialModel(String phoneNumber) {
        this.phoneNumber = phoneNumber;
    }

    /** A new credential for a number, labelled with the number masked. */
    public static PhoneCredentialModel create(PhoneNumber number, long createdAtMillis) {
        String e164 = number.e164();
        PhoneCredentialModel model = new PhoneCredentialModel(e164);
        model.setType(TYPE);
        model.setUserLabel(number.masked());
        model.setCreatedDate(createdAtMillis);
        model.setCredentialData(credentialData(e164));
        model.setSecretData("{}");
        return model;
    }

    public static PhoneCredentialModel from(CredentialModel stored) {
        String number;
        try {
            Map<?, ?> data = JsonSerialization.readValue(stored.getCredentialData(), Map.class);
            number = data == null ? null : (String) data.get(PHONE_NUMBER);
        } catch (IOException | ClassCastException e) {
            number = null;
        }
        PhoneCredentialModel model = new PhoneCredentialModel(number);
        model.setId(stored.getId());
        model.setType(stored.getType());
        model.setUserLabel(stored.getUserLabel());
        model.setCreatedDate(stored.getCreatedDate());
        model.setCredentialData(stored.getCredentialData());
        model.setSecretData(stored.getSecretData());
        model.setFederationLink(stored.getFederationLink());
        return model;
    }

    /** The number in E.164, or null when the stored data is unreadable. */
    public String phoneNumber() {
        return phoneNumber;
    }

    /** The number, or null when the stored data is unreadable. */
    public PhoneNumber number() {
        return phoneNumber == null || !phoneNumber.startsWith("+") ? null : PhoneNumber.msisdn(phoneNumber).orElse(null);
    }

    /**
     * The stored form, always written the same way, so that a number can be searched for
     * ({@link PhoneNumberDirectory}).
     */
    static String credentialData(String e164) {
        try {
            return JsonSerialization.writeValueAsString(Map.of(PHONE_NUMBER, e164));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
