package io.github.keycloakpin2fa.login;

import io.github.keycloakpin2fa.credential.PhoneCredentialModel;
import io.github.keycloakpin2fa.credential.PhoneCredentialProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RequiredActionConfigModel;
import org.keycloak.models.UserModel;

/**
 * The phone a PIN goes to: the user's enrolled phone credential, or, when the enrolment's setting
 * {@code acceptVerifiedPhoneAttribute} is on, a verified phone already on the user (the
 * attributes {@code phoneNumber} and {@code phoneNumberVerified=true}, from LDAP or set by an
 * admin), read as the enrolment reads a typed number (the default region; premium-rate and
 * similar numbers refused). The credential wins when there is one.
 */
final class EnrolledPhone {

    private EnrolledPhone() {
    }

    /** The user's phone, or null when the user has none the PIN step may use. */
    static PhoneCredentialModel of(KeycloakSession session, RealmModel realm, UserModel user) {
        PhoneCredentialModel credential = PhoneCredentialProviderFactory.provider(session).phoneOf(user);
        if (credential != null) {
            return credential;
        }
        EnrolmentConfig config = enrolmentConfig(realm);
        if (!config.acceptVerifiedPhoneAttribute()) {
            return null;
        }
        String number = PhoneAttributes.verifiedNumber(user);
        if (number == null) {
            return null;
        }
        PhoneNumbers.Parsed parsed = PhoneNumbers.normalize(number, config.defaultRegion());
        return parsed.valid() ? PhoneCredentialModel.create(parsed.e164(), Masking.phone(parsed.e164()), 0L) : null;
    }

    /** The realm's settings of the enrolment required action (defaults when it has none). */
    static EnrolmentConfig enrolmentConfig(RealmModel realm) {
        RequiredActionConfigModel model = realm.getRequiredActionConfigByAlias(PhoneEnrolmentAction.ID);
        return new EnrolmentConfig(model == null ? null : model.getConfig());
    }
}
