package io.github.keycloakpin2fa.service;

import io.github.keycloakpin2fa.engine.policy.LoginPinPolicy;
import io.github.keycloakpin2fa.storage.realm.RealmPinConfig;
import io.github.keycloakpin2fa.storage.realm.StoredApplication;
import io.github.keycloakpin2fa.storage.realm.StoredTemplate;
import java.util.ArrayList;
import java.util.List;
import org.keycloak.models.RealmModel;

/**
 * Whether the application and templates a login step (or enrolment) uses give PINs that meet
 * {@link LoginPinPolicy} (OWASP ASVS 5.0 V6.5.4 and V6.5.5). The API itself keeps Infobip's
 * defaults; only the login flow holds its PINs to this.
 */
public final class LoginPinCheck {

    private final RealmPinConfig config;

    public LoginPinCheck(RealmModel realm) {
        this.config = new RealmPinConfig(realm, ServerClock.INSTANCE.millis());
    }

    /**
     * What is below the policy, for the server log; empty when the PINs comply or a missing
     * application or template will be reported by the send itself.
     *
     * @param templateIds the step's templates; null entries are skipped
     */
    public List<String> problems(String applicationId, String... templateIds) {
        List<String> problems = new ArrayList<>();
        StoredApplication app = applicationId == null ? null : config.application(applicationId).orElse(null);
        if (app == null) {
            return problems;
        }
        LoginPinPolicy.lifeProblem(app.application().configuration().pinTimeToLive())
                .ifPresent(p -> problems.add("application " + app.id() + ": " + p));
        for (String templateId : templateIds) {
            StoredTemplate template = templateId == null ? null : config.template(app.id(), templateId).orElse(null);
            if (template != null) {
                LoginPinPolicy.entropyProblem(pinType(template), pinLength(template))
                        .ifPresent(p -> problems.add("template " + templateId + ": " + p));
            }
        }
        return problems;
    }

    private static io.github.keycloakpin2fa.engine.template.PinType pinType(StoredTemplate template) {
        return template instanceof StoredTemplate.Email e ? e.template().pinType() : ((StoredTemplate.Message) template).template().pinType();
    }

    private static int pinLength(StoredTemplate template) {
        return template instanceof StoredTemplate.Email e ? e.template().pinLength() : ((StoredTemplate.Message) template).template().pinLength();
    }
}
