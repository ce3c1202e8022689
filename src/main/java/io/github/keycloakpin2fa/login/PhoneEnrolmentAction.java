package io.github.keycloakpin2fa.login;

import io.github.keycloakpin2fa.credential.PhoneCredentialModel;
import io.github.keycloakpin2fa.credential.PhoneCredentialProviderFactory;
import io.github.keycloakpin2fa.credential.PhoneClaims;
import io.github.keycloakpin2fa.delivery.Channel;
import io.github.keycloakpin2fa.engine.destination.PhoneNumber;
import io.github.keycloakpin2fa.engine.guard.SendPurpose;
import io.github.keycloakpin2fa.login.Outcome.Kind;
import io.github.keycloakpin2fa.service.AccountPinBudget;
import jakarta.ws.rs.core.MultivaluedMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.keycloak.Config;
import org.keycloak.authentication.CredentialRegistrator;
import org.keycloak.authentication.InitiatedActionSupport;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.authentication.RequiredActionFactory;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.authentication.authenticators.util.AuthenticatorUtils;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.EventType;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RequiredActionConfigModel;
import org.keycloak.models.credential.OTPCredentialModel;
import org.keycloak.models.utils.FormMessage;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.services.managers.BruteForceProtector;
import org.keycloak.services.messages.Messages;
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

    public static final String ID = PhoneCredentialModel.ENROL_ACTION_ID;
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
        PhoneNumber phone = PhoneNumber.msisdn(authSession.getAuthNote(PHONE_NOTE)).orElse(null);

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
        // Before a resend only Keycloak's brute-force lockout is checked here: the account's budget
        // of wrong PINs is the send guard's, read in its own transaction (as at login).
        String locked = "resend".equals(action) ? bruteForceMessage(context) : lockedOutMessage(context);
        if (locked != null) {
            context.challenge(confirmPage(context, notes, Outcome.refusedWith(locked)).createForm(PinPage.ENROL_CONFIRM_TEMPLATE));
            return;
        }
        if ("resend".equals(action)) {
            Outcome outcome = conversation.resend(notes, Channel.SMS, config.resendCooldownSeconds());
            recordTrouble(context, outcome);
            context.challenge(confirmPage(context, conversation.current(), outcome).createForm(PinPage.ENROL_CONFIRM_TEMPLATE));
            return;
        }
        AccountPinBudget budget = new AccountPinBudget(context.getSession(), context.getRealm());
        budget.prepare(context.getUser().getId());
        Outcome outcome = conversation.verify(notes, form.getFirst(PinPage.PIN_FIELD));
        if (outcome.kind() == Kind.WRONG_PIN) {
            // Wrong PINs at enrolment count like those at login: in the account's budget and,
            // when it is on, in the realm's brute-force protection.
            budget.recordFailure(context.getUser().getId());
            reportFailure(context);
        }
        if (outcome.kind() != Kind.VERIFIED) {
            recordTrouble(context, outcome);
            context.challenge(confirmPage(context, conversation.current(), outcome).createForm(PinPage.ENROL_CONFIRM_TEMPLATE));
            return;
        }
        budget.recordSuccess(context.getUser().getId());
        authSession.removeAuthNote(PHONE_NOTE);
        if (config.uniquePhoneNumbers() && !new PhoneClaims(context.getSession()).claim(context.getRealm(), context.getUser(), phone)) {
            // Only now, with the PIN confirmed, does the user learn that the number is taken.
            recordError(context, Errors.NOT_ALLOWED, PinMessages.PHONE_NOT_ACCEPTED);
            context.challenge(phonePage(context, null, PinMessages.PHONE_NOT_ACCEPTED));
            return;
        }
        PhoneCredentialModel credential = PhoneCredentialModel.create(phone, PinConversation.now());
        PhoneCredentialProviderFactory.provider(context.getSession())
                .createCredential(context.getRealm(), context.getUser(), credential);
        if (config.setPhoneAttributes()) {
            PhoneAttributes.write(context.getSession(), context.getRealm(), context.getUser(), phone.e164());
        }
        context.getEvent().event(EventType.UPDATE_CREDENTIAL)
                .detail(Details.CREDENTIAL_TYPE, PhoneCredentialModel.TYPE)
                .detail(PinAuthenticator.DETAIL_CHANNEL, Channel.SMS.name());
        context.success();
    }

    private void submitNumber(RequiredActionContext context, EnrolmentConfig config, PinConversation conversation, String input) {
        PhoneNumber.Reading reading = PhoneNumber.read(input, config.defaultRegion());
        if (!reading.valid()) {
            String errorKey = PinMessages.of(reading.problem());
            recordError(context, Errors.INVALID_INPUT, errorKey);
            context.challenge(phonePage(context, input, errorKey));
            return;
        }
        PhoneNumber number = reading.number();
        // A number that belongs to someone else gets the same answer as a free one (a PIN is
        // sent): whether it is taken shows only once the PIN is confirmed.
        String locked = bruteForceMessage(context); // the account's budget: the send guard's to check
        if (locked != null) {
            context.challenge(phoneForm(context, input).setError(locked).createForm(PinPage.ENROL_PHONE_TEMPLATE));
            return;
        }
        PinConversation.Route route = route(context, config);
        if (route.applicationId() == null || route.smsTemplateId() == null) {
            recordTrouble(context, Outcome.notConfigured());
            context.challenge(phonePage(context, input, PinMessages.NOT_CONFIGURED));
            return;
        }
        conversation.forget();
        Outcome outcome = conversation.send(Channel.SMS, number);
        recordTrouble(context, outcome);
        PinNotes notes = conversation.current();
        if (notes == null) {
            context.challenge(phoneFormWithError(context, input, outcome));
            return;
        }
        context.getAuthenticationSession().setAuthNote(PHONE_NOTE, number.e164());
        context.challenge(confirmPage(context, notes, outcome.kind() == Kind.SENT ? null : outcome)
                .createForm(PinPage.ENROL_CONFIRM_TEMPLATE));
    }

    /**
     * The message for a user whom brute-force protection has disabled or who has used up the
     * account's budget of wrong PINs: no PIN is checked for them. Null otherwise.
     */
    private static String lockedOutMessage(RequiredActionContext context) {
        String bruteForce = bruteForceMessage(context);
        if (bruteForce != null) {
            return bruteForce;
        }
        return new AccountPinBudget(context.getSession(), context.getRealm()).usedUp(context.getUser().getId())
                ? Messages.ACCOUNT_PERMANENTLY_DISABLED_TOTP : null;
    }

    /**
     * The message for a user whom brute-force protection has disabled, or null: checked before a
     * send, with no database read (the send guard reads the account's budget of wrong PINs in its
     * own transaction, so the request holds no connection while the vendor has the message).
     */
    private static String bruteForceMessage(RequiredActionContext context) {
        String error = AuthenticatorUtils.getDisabledByBruteForceEventError(context.getSession().getProvider(BruteForceProtector.class),
                context.getSession(), context.getRealm(), context.getUser());
        return error == null ? null : PinMessages.lockedOut(error);
    }

    private static void reportFailure(RequiredActionContext context) {
        if (context.getRealm().isBruteForceProtected()) {
            context.getSession().getProvider(BruteForceProtector.class).failedLogin(context.getRealm(), context.getUser(),
                    context.getConnection(), context.getUriInfo(), Set.of(OTPCredentialModel.TYPE));
        }
    }

    /**
     * Every outcome but a sent or resent PIN, a confirmed phone and an empty PIN field is an
     * {@code UPDATE_CREDENTIAL_ERROR} event with the credential type and the reason (the page's
     * message key); a wrong confirmation PIN is Keycloak's {@code invalid_code}.
     */
    static void recordTrouble(RequiredActionContext context, Outcome outcome) {
        if (outcome == null || outcome.kind() == Kind.SENT || outcome.kind() == Kind.RESENT || outcome.kind() == Kind.VERIFIED
                || outcome.kind() == Kind.PIN_MISSING) {
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
                route(context, config), SendPurpose.ENROLMENT, context.getUser());
    }

    /**
     * The action's own application and template (by name or id), else those of the PIN step that
     * asked for it, else the realm's default login application and template.
     */
    private static PinConversation.Route route(RequiredActionContext context, EnrolmentConfig config) {
        if (config.applicationId() != null && config.smsTemplateId() != null) {
            return new PinConversation.Route(config.applicationId(), config.smsTemplateId(), null);
        }
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        if (!config.namesTargets()) {
            PinConversation.Route fromStep = new PinConversation.Route(authSession.getAuthNote(PinAuthenticator.ENROL_APPLICATION_NOTE),
                    authSession.getAuthNote(PinAuthenticator.ENROL_TEMPLATE_NOTE), null);
            if (fromStep.usable()) {
                return fromStep;
            }
        }
        String key = NOTE_PREFIX + "route";
        if (context.getSession().getAttribute(key) instanceof PinConversation.Route cached) {
            return cached;
        }
        PinConversation.Route route = PinAuthenticator.resolve(context.getSession(), context.getRealm(), config.asStepConfig());
        PinConversation.Route smsOnly = new PinConversation.Route(route.applicationId(), route.smsTemplateId(), null);
        context.getSession().setAttribute(key, smsOnly);
        return smsOnly;
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
