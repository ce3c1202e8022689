package io.github.keycloakpin2fa.login;

import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.representations.userprofile.config.UPAttribute;
import org.keycloak.representations.userprofile.config.UPAttributePermissions;
import org.keycloak.representations.userprofile.config.UPConfig;
import org.keycloak.userprofile.UserProfileProvider;

/**
 * The enrolled phone as the user attributes {@code phoneNumber} and {@code phoneNumberVerified},
 * which the mappers of Keycloak's built-in {@code phone} client scope put into tokens as the
 * OpenID Connect claims {@code phone_number} and {@code phone_number_verified}.
 *
 * <p>The realm's declarative user profile drops attributes it does not declare (when a user or
 * an admin saves the profile, with the default unmanaged-attribute policy), so before the first
 * write the two attributes are declared in it, as an admin would in <em>Realm settings / User
 * profile</em>: users and admins can see them, only admins can change them (a user changes the
 * phone by enrolling another). An admin may change these declarations; existing ones are kept.
 */
final class PhoneAttributes {

    static final String PHONE_NUMBER = "phoneNumber";
    static final String PHONE_NUMBER_VERIFIED = "phoneNumberVerified";
    private static final Logger LOG = Logger.getLogger(PhoneAttributes.class);

    private PhoneAttributes() {
    }

    /** Sets the user's verified phone (E.164), declaring the attributes in the user profile if needed. */
    static void write(KeycloakSession session, RealmModel realm, UserModel user, String e164) {
        declare(session, realm);
        user.setSingleAttribute(PHONE_NUMBER, e164);
        user.setSingleAttribute(PHONE_NUMBER_VERIFIED, "true");
    }

    /** The phone number of the attributes when they say it is verified, else null. */
    static String verifiedNumber(UserModel user) {
        String verified = user.getFirstAttribute(PHONE_NUMBER_VERIFIED);
        String number = user.getFirstAttribute(PHONE_NUMBER);
        return verified != null && Boolean.parseBoolean(verified.strip()) && number != null && !number.isBlank() ? number : null;
    }

    static void declare(KeycloakSession session, RealmModel realm) {
        UserProfileProvider profile = session.getProvider(UserProfileProvider.class);
        UPConfig config = profile.getConfiguration();
        if (config.getAttributes() == null) {
            config.setAttributes(new java.util.ArrayList<>());
        }
        boolean changed = false;
        if (config.getAttribute(PHONE_NUMBER) == null) {
            config.addOrReplaceAttribute(attribute(PHONE_NUMBER, "Phone number"));
            changed = true;
        }
        if (config.getAttribute(PHONE_NUMBER_VERIFIED) == null) {
            UPAttribute verified = attribute(PHONE_NUMBER_VERIFIED, "Phone number verified");
            verified.addValidation("options", Map.of("options", java.util.List.of("true", "false")));
            config.addOrReplaceAttribute(verified);
            changed = true;
        }
        if (changed) {
            profile.setConfiguration(config);
            LOG.infof("Declared the attributes %s and %s in the user profile of realm %s (PIN enrolment)", PHONE_NUMBER,
                    PHONE_NUMBER_VERIFIED, realm.getName());
        }
    }

    private static UPAttribute attribute(String name, String displayName) {
        UPAttribute attribute = new UPAttribute(name, new UPAttributePermissions(Set.of("admin", "user"), Set.of("admin")));
        attribute.setDisplayName(displayName);
        return attribute;
    }
}
