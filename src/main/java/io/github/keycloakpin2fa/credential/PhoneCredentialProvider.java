package io.github.keycloakpin2fa.credential;

import org.keycloak.credential.CredentialModel;
import org.keycloak.credential.CredentialProvider;
import org.keycloak.credential.CredentialTypeMetadata;
import org.keycloak.credential.CredentialTypeMetadataContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * The enrolled phone as a Keycloak credential: listed under "Signing in" in the Account Console
 * (two-factor, removable, set up through the enrolment required action) and among the user's
 * credentials in the admin console. A user has at most one phone: enrolling another number
 * replaces it.
 */
public final class PhoneCredentialProvider implements CredentialProvider<PhoneCredentialModel> {

    private final KeycloakSession session;

    PhoneCredentialProvider(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public String getType() {
        return PhoneCredentialModel.TYPE;
    }

    @Override
    public CredentialModel createCredential(RealmModel realm, UserModel user, PhoneCredentialModel credential) {
        user.credentialManager().getStoredCredentialsByTypeStream(getType()).toList()
                .forEach(old -> user.credentialManager().removeStoredCredentialById(old.getId()));
        return user.credentialManager().createStoredCredential(credential);
    }

    @Override
    public boolean deleteCredential(RealmModel realm, UserModel user, String credentialId) {
        return user.credentialManager().removeStoredCredentialById(credentialId);
    }

    @Override
    public PhoneCredentialModel getCredentialFromModel(CredentialModel model) {
        return PhoneCredentialModel.from(model);
    }

    /** The user's phone, or null when none is enrolled. */
    public PhoneCredentialModel phoneOf(UserModel user) {
        return user.credentialManager().getStoredCredentialsByTypeStream(getType())
                .map(PhoneCredentialModel::from)
                .filter(p -> p.number() != null)
                .findFirst().orElse(null);
    }

    @Override
    public CredentialTypeMetadata getCredentialTypeMetadata(CredentialTypeMetadataContext metadataContext) {
        return CredentialTypeMetadata.builder()
                .type(getType())
                .category(CredentialTypeMetadata.Category.TWO_FACTOR)
                .displayName(PhoneCredentialModel.TYPE + "-display-name")
                .helpText(PhoneCredentialModel.TYPE + "-help-text")
                .iconCssClass("kcAuthenticatorOTPClass") // the theme's phone icon
                .createAction(PhoneCredentialModel.ENROL_ACTION_ID)
                .removeable(true)
                .build(session);
    }
}
