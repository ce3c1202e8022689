package io.github.keycloakpin2fa.login;

import io.github.keycloakpin2fa.credential.PhoneCredentialModel;
import java.util.List;
import org.keycloak.Config;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;

/**
 * The "PIN by SMS, voice or email" step for browser flows. Its reference category is the phone
 * credential's type, which links it to the Account Console, "Condition - user configured" and
 * "Try another way".
 */
public final class PinAuthenticatorFactory implements AuthenticatorFactory {

    public static final String ID = "pin-2fa";
    private static final PinAuthenticator SINGLETON = new PinAuthenticator();

    @Override
    public Authenticator create(KeycloakSession session) {
        return SINGLETON;
    }

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public String getDisplayType() {
        return "PIN by SMS, voice or email";
    }

    @Override
    public String getHelpText() {
        return "Sends a one-time PIN to the user's enrolled phone (or email) through a realm 2FA application and checks it.";
    }

    @Override
    public String getReferenceCategory() {
        return PhoneCredentialModel.TYPE;
    }

    @Override
    public boolean isConfigurable() {
        return true;
    }

    @Override
    public boolean isUserSetupAllowed() {
        return true;
    }

    @Override
    public AuthenticationExecutionModel.Requirement[] getRequirementChoices() {
        return REQUIREMENT_CHOICES;
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return PinStepConfig.PROPERTIES;
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }
}
