package io.github.keycloakpin2fa.login;

import io.github.keycloakpin2fa.credential.PhoneCredentialModel;
import io.github.keycloakpin2fa.credential.PhoneCredentialProviderFactory;
import io.github.keycloakpin2fa.credential.PhoneNumberDirectory;
import io.github.keycloakpin2fa.delivery.Channel;
import io.github.keycloakpin2fa.login.Outcome.Kind;
import jakarta.ws.rs.core.MultivaluedMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.keycloak.Config;
import org.keycloak.authentication.CredentialRegistrator;
import org.keycloak.authentication.InitiatedActionSupport;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.authentication.RequiredActionFactory;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.EventType;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RequiredActionConfigModel;
import org.keycloak.models.utils.FormMessage;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.keycloak.userprofile.ValidationException;
import org.keycloak.validate.ValidationError;

/**
 * Required action "Enrol a phone for PINs": the user types a number (read with libphonenumber,
 * in the configured default region), receives a PIN there and types it back; only then does the
 * number become the user's phone credential. Admins can require it; the PIN login step asks for
 * it when a user without a phone reaches a required step; the Account Console uses it to set up
 * the credential.
 */
public final class PhoneEnrolmentAction implements RequiredActionProvider, RequiredActionFactory, CredentialRegistrator {

    public static final String ID = "pin-2fa-enrol-phone";
    static final String NOTE_PREFIX = "pin2fa.enrol.";
    /** The E.164 number being confirmed. */
    private static final String PHONE_NOTE = "pin2fa.enrol.phone";

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public String getDisplayText() {
        return "Enrol a phone for PINs";
    }

    @Override
    public RequiredActionProvider create(KeycloakSession session) {
        return this;
    }

    @Override
    public InitiatedActionSupport initiatedActionSupport() {
        return InitiatedActionSupport.SUPPORTED;
    }

    @Override
    public String getCredentialType(KeycloakSession session, AuthenticationSessionModel authenticationSession) {
        return PhoneCredentialModel.TYPE;
    }

    @Override
    public void evaluateTriggers(RequiredActionContext context) {
    }

    @Override
    public void requiredActionChallenge(RequiredActionContext context) {
        PinConversation conversation = conversation(context, config(context));
        PinNotes notes = conversation.current();
        if (notes != null && context.getAuthenticationSession().getAuthNote(PHONE_NOTE) != null) {
            context.challenge(confirmPage(context, notes, null).createForm(PinPage.ENROL_CONFIRM_TEMPLATE));
        } else {
            context.challenge(phonePage(context, null, null));
        }
    }

    @Override
    public void processAction(RequiredActionContext context) {
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        EnrolmentConfig config = config(context);
        PinConversation conversation = conversation(context, config);
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        String action = form.getFirst("action");
        PinNotes notes = conversation.current();
        String phone = authSession.getAuthNote(PHONE_NOTE);

        if ("phone".equals(action) || notes == null || phone == null) {
            submitNumber(context, config, conversation, form.getFirst(PinPage.PHONE_FIELD));
            return;
        }
        if ("change".equals(action)) {
            conversation.forget();
            authSession.removeAuthNote(PHONE_NOTE);
            context.challenge(phonePage(context, null, null));
            return;
        }
        if ("resend".equals(action)) {
            Outcome outcome = conversation.resend(notes, Channel.SMS, config.resendCooldownSeconds());
            recordTrouble(context, outcome);
            context.challenge(confirmPage(context, conversation.current(), outcome).createForm(PinPage.ENROL_CONFIRM_TEMPLATE));
            return;
        }
        Outcome outcome = conversation.verify(notes, form.getFirst(PinPage.PIN_FIELD));
        if (outcome.kind() != Kind.VERIFIED) {
            recordTrouble(context, outcome);
            context.challenge(confirmPage(context, conversation.current(), outcome).createForm(PinPage.ENROL_CONFIRM_TEMPLATE));
            return;
        }
        authSession.removeAuthNote(PHONE_NOTE);
        if (config.uniquePhoneNumbers()
                && new PhoneNumberDirectory(context.getSession()).belongsToAnotherUser(context.getRealm(), context.getUser(), phone)) {
            recordError(context, Errors.NOT_ALLOWED, PinMessages.PHONE_NOT_ACCEPTED);
            context.challenge(phonePage(context, null, PinMessages.PHONE_NOT_ACCEPTED)); // taken meanwhile
            return;
        }
        PhoneCredentialModel credential = PhoneCredentialModel.create(phone, Masking.phone(phone), PinConversation.now());
        PhoneCredentialProviderFactory.provider(context.getSession())
                .createCredential(context.getRealm(), context.getUser(), credential);
        if (config.setPhoneAttributes()) {
            PhoneAttributes.write(context.getSession(), context.getRealm(), context.getUser(), phone);
        }
        context.getEvent().event(EventType.UPDATE_CREDENTIAL)
                .detail(Details.CREDENTIAL_TYPE, PhoneCredentialModel.TYPE)
                .detail(PinAuthenticator.DETAIL_CHANNEL, Channel.SMS.name());
        context.success();
    }

    private void submitNumber(RequiredActionContext context, EnrolmentConfig config, PinConversation conversation, String input) {
        PhoneNumbers.Parsed parsed = PhoneNumbers.normalize(input, config.defaultRegion());
        if (!parsed.valid()) {
            recordError(context, Errors.INVALID_INPUT, parsed.errorKey());
            context.challenge(phonePage(context, input, parsed.errorKey()));
            return;
        }
        if (config.uniquePhoneNumbers()
                && new PhoneNumberDirectory(context.getSession()).belongsToAnotherUser(context.getRealm(), context.getUser(), parsed.e164())) {
            recordError(context, Errors.NOT_ALLOWED, PinMessages.PHONE_NOT_ACCEPTED);
            context.challenge(phonePage(context, input, PinMessages.PHONE_NOT_ACCEPTED));
            return;
        }
        PinConversation.Route route = route(context, config);
        if (route.applicationId() == null || route.smsTemplateId() == null) {
            recordTrouble(context, Outcome.refused(PinMessages.NOT_CONFIGURED));
            context.challenge(phonePage(context, input, PinMessages.NOT_CONFIGURED));
            return;
        }
        conversation.forget();
        Outcome outcome = conversation.send(Channel.SMS, PinAuthenticator.digits(parsed.e164()));
        recordTrouble(context, outcome);
        PinNotes notes = conversation.current();
        if (notes == null) {
            context.challenge(phoneFormWithError(context, input, outcome));
            return;
        }
        context.getAuthenticationSession().setAuthNote(PHONE_NOTE, parsed.e164());
        context.challenge(confirmPage(context, notes, outcome.kind() == Kind.SENT ? null : outcome)
                .createForm(PinPage.ENROL_CONFIRM_TEMPLATE));
    }

    /**
     * Every outcome but a sent PIN, a confirmed phone and an empty PIN field is an
     * {@code UPDATE_CREDENTIAL_ERROR} event with the credential type and the reason (the page's
     * message key); a wrong confirmation PIN is Keycloak's {@code invalid_code}.
     */
    private static void recordTrouble(RequiredActionContext context, Outcome outcome) {
        if (outcome == null || outcome.kind() == Kind.SENT || outcome.kind() == Kind.VERIFIED || outcome.kind() == Kind.PIN_MISSING) {
            return;
        }
        String error = outcome.kind() == Kind.WRONG_PIN || outcome.kind() == Kind.NO_MORE_ATTEMPTS ? Errors.INVALID_CODE
                : outcome.eventError();
        recordError(context, error, outcome.messageKey());
    }

    private static void recordError(RequiredActionContext context, String error, String reason) {
        context.getEvent().clone().event(EventType.UPDATE_CREDENTIAL)
                .detail(Details.CREDENTIAL_TYPE, PhoneCredentialModel.TYPE)
                .detail(PinAuthenticator.DETAIL_REASON, reason)
                .error(error);
    }

    private jakarta.ws.rs.core.Response phoneFormWithError(RequiredActionContext context, String input, Outcome outcome) {
        return phoneForm(context, input).setError(outcome.messageKey(), outcome.params()).createForm(PinPage.ENROL_PHONE_TEMPLATE);
    }

    private jakarta.ws.rs.core.Response phonePage(RequiredActionContext context, String input, String errorKey) {
        LoginFormsProvider form = phoneForm(context, input);
        if (errorKey != null) {
            if (PinMessages.NOT_CONFIGURED.equals(errorKey)) {
                form.setError(errorKey);
            } else {
                form.addError(new FormMessage(PinPage.PHONE_FIELD, errorKey));
            }
        }
        return form.createForm(PinPage.ENROL_PHONE_TEMPLATE);
    }

    private LoginFormsProvider phoneForm(RequiredActionContext context, String input) {
        String region = config(context).defaultRegion();
        return context.form()
                .setAttribute("pinPhone", Map.of("value", input == null ? "" : input, "defaultRegion", region == null ? "" : region));
    }

    private LoginFormsProvider confirmPage(RequiredActionContext context, PinNotes notes, Outcome outcome) {
        EnrolmentConfig config = config(context);
        PinPage.Offers offers = new PinPage.Offers(false, false, null, config.resendCooldownSeconds());
        return PinPage.fill(context.form(), context.getRealm(), route(context, config), notes, offers, outcome);
    }

    private static PinConversation conversation(RequiredActionContext context, EnrolmentConfig config) {
        return new PinConversation(context.getSession(), context.getRealm(), context.getAuthenticationSession(), NOTE_PREFIX,
                route(context, config));
    }

    /** The action's own application and template, else those of the PIN step that asked for it. */
    private static PinConversation.Route route(RequiredActionContext context, EnrolmentConfig config) {
        if (config.applicationId() != null && config.smsTemplateId() != null) {
            return new PinConversation.Route(config.applicationId(), config.smsTemplateId(), null);
        }
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        return new PinConversation.Route(authSession.getAuthNote(PinAuthenticator.ENROL_APPLICATION_NOTE),
                authSession.getAuthNote(PinAuthenticator.ENROL_TEMPLATE_NOTE), null);
    }

    private static EnrolmentConfig config(RequiredActionContext context) {
        RequiredActionConfigModel model = context.getConfig();
        return new EnrolmentConfig(model == null ? null : model.getConfig());
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return Stream.concat(EnrolmentConfig.PROPERTIES.stream(), RequiredActionFactory.super.getConfigMetadata().stream()).toList();
    }

    @Override
    public void validateConfig(KeycloakSession session, RealmModel realm, RequiredActionConfigModel model) {
        RequiredActionFactory.super.validateConfig(session, realm, model);
        EnrolmentConfig config = new EnrolmentConfig(model.getConfig());
        List<Map.Entry<String, String>> problems = config.problems();
        if (!problems.isEmpty()) {
            throw new ValidationException(new ValidationError(getId(), problems.get(0).getKey(), problems.get(0).getValue()));
        }
        if (config.setPhoneAttributes() || config.acceptVerifiedPhoneAttribute()) {
            PhoneAttributes.declare(session, realm); // so admins (and LDAP mappers) can set them, and nothing drops them
        }
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
