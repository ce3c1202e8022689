package io.github.keycloakpin2fa.service;

import io.github.keycloakpin2fa.storage.realm.LoginDefaults;
import io.github.keycloakpin2fa.storage.realm.RealmPinConfig;
import io.github.keycloakpin2fa.storage.realm.StoredApplication;
import io.github.keycloakpin2fa.storage.realm.StoredTemplate;
import java.util.List;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * Which application and templates a login step or enrolment uses, from what its settings name:
 * nothing (the realm's default login application and templates, created the first time), names
 * (as an admin types them), or ids (settings written before names existed).
 */
public final class StepTargets {

    /**
     * What the settings say; each part may be null. An id wins over a name of the same part.
     */
    public record Choice(String applicationId, String applicationName, String smsTemplateId, String smsTemplateName,
            String emailTemplateId, String emailTemplateName) {

        public static Choice none() {
            return new Choice(null, null, null, null, null, null);
        }
    }

    /** The answer: the ids to use, or why there are none. */
    public sealed interface Resolution {
    }

    /** The ids to use; {@code emailTemplateId} is null when the application has no email template. */
    public record Found(String applicationId, String smsTemplateId, String emailTemplateId) implements Resolution {
    }

    /** The settings name something the realm does not have (or more than one of it). */
    public record Unusable(String problem) implements Resolution {
    }

    private StepTargets() {
    }

    /**
     * The ids the step's settings lead to, or why there are none.
     *
     * @param email whether the step offers email at all: when not, its email template is neither
     *     looked up (a walk over the realm's components, on every request of the step) nor
     *     required, and {@link Found#emailTemplateId()} is null
     */
    public static Resolution resolve(KeycloakSession session, RealmModel realm, Choice choice, boolean email) {
        if (choice.applicationId() == null && choice.applicationName() == null) {
            LoginDefaults.Ids defaults = LoginDefaults.ensure(session, realm);
            Choice withDefaults = new Choice(defaults.applicationId(), null,
                    choice.smsTemplateId(), choice.smsTemplateName(), choice.emailTemplateId(), choice.emailTemplateName());
            return resolve(session, realm, withDefaults, email);
        }
        RealmPinConfig config = new RealmPinConfig(realm, 0);
        String applicationId = choice.applicationId();
        if (applicationId == null) {
            List<StoredApplication> named = config.applicationsNamed(choice.applicationName());
            if (named.size() != 1) {
                return new Unusable((named.isEmpty() ? "no" : "more than one") + " 2FA application is named '"
                        + choice.applicationName() + "'");
            }
            applicationId = named.get(0).id();
        }
        String sms = choice.smsTemplateId();
        if (sms == null) {
            List<StoredTemplate> found = config.templatesNamed(applicationId, false, choice.smsTemplateName());
            if (found.isEmpty() || (choice.smsTemplateName() != null && found.size() > 1)) {
                return new Unusable(describe(found.size(), "SMS and voice", choice.smsTemplateName()));
            }
            sms = found.get(0).id();
        }
        if (!email) {
            return new Found(applicationId, sms, null);
        }
        String emailTemplate = choice.emailTemplateId();
        if (emailTemplate == null) {
            List<StoredTemplate> found = config.templatesNamed(applicationId, true, choice.emailTemplateName());
            if (choice.emailTemplateName() != null && found.size() != 1) {
                return new Unusable(describe(found.size(), "email", choice.emailTemplateName()));
            }
            emailTemplate = found.isEmpty() ? null : found.get(0).id();
        }
        return new Found(applicationId, sms, emailTemplate);
    }

    private static String describe(int count, String kind, String name) {
        if (name == null) {
            return "the application has no " + kind + " template";
        }
        return (count == 0 ? "no " : "more than one ") + kind + " template of the application is named '" + name + "'";
    }
}
