package io.github.keycloakpin2fa.login;

import io.github.keycloakpin2fa.service.StepTargets;
import io.github.keycloakpin2fa.credential.PhoneCredentialModel;
import io.github.keycloakpin2fa.credential.PhoneCredentialProvider;
import io.github.keycloakpin2fa.credential.PhoneCredentialProviderFactory;
import io.github.keycloakpin2fa.delivery.Channel;
import io.github.keycloakpin2fa.engine.destination.EmailAddress;
import io.github.keycloakpin2fa.engine.guard.SendPurpose;
import io.github.keycloakpin2fa.login.Outcome.Kind;
import io.github.keycloakpin2fa.service.AccountPinBudget;
import io.github.keycloakpin2fa.service.LoginPinCheck;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.authentication.AuthenticationFlowException;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.CredentialValidator;
import org.keycloak.authentication.RequiredActionFactory;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.authentication.authenticators.browser.AbstractUsernameFormAuthenticator;
import org.keycloak.authentication.authenticators.util.AuthenticatorUtils;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.OTPCredentialModel;
import org.keycloak.services.managers.BruteForceProtector;
import org.keycloak.services.messages.Messages;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * The PIN login step: after the first factor, sends a PIN to the user's enrolled phone and
 * checks what the user types. Wrong PINs take core's path ({@code OTPFormAuthenticator}): the
 * brute-force state is checked first, and a wrong PIN is a failure challenge, which Keycloak's
 * brute-force protection counts. Reloading the page shows the PIN already sent; only the resend
 * actions send another, after a cooldown the server enforces.
 */
final class PinAuthenticator implements Authenticator, CredentialValidator<PhoneCredentialProvider> {

    static final String NOTE_PREFIX = "pin2fa.login.";
    /** The step's application and template, for the enrolment it asks for. */
    static final String ENROL_APPLICATION_NOTE = "pin2fa.enrol.route.applicationId";
    static final String ENROL_TEMPLATE_NOTE = "pin2fa.enrol.route.smsTemplateId";
    static final String DETAIL_CHANNEL = "pin_channel";
    static final String DETAIL_PIN_ID = "pin_id";
    static final String DETAIL_ATTEMPTS_REMAINING = "pin_attempts_remaining";
    static final String DETAIL_REASON = "reason";
    /** Event error: the user has no wrong PIN left in the account's budget. */
    static final String EVENT_ERROR_BUDGET_USED_UP = Outcome.BUDGET_USED_UP_EVENT;

    private static final Set<String> SEND_ACTIONS = Set.of("resend", "sms", "voice", "email");
    private static final Logger LOG = Logger.getLogger(PinAuthenticator.class);

    /** Opens a login's conversation with the PIN service (unit tests open one over a mocked service). */
    interface Conversations {
        PinConversation open(AuthenticationFlowContext context, PinConversation.Route route);
    }

    /** Finds the application and templates a step's settings name (unit tests name them directly). */
    interface Routes {
        PinConversation.Route of(AuthenticationFlowContext context, PinStepConfig config);
    }

    private final Conversations conversations;
    private final Routes routes;

    PinAuthenticator() {
        this((context, route) -> new PinConversation(context.getSession(), context.getRealm(), context.getAuthenticationSession(),
                NOTE_PREFIX, route, SendPurpose.LOGIN, context.getUser()), PinAuthenticator::resolveOnce);
    }

    PinAuthenticator(Conversations conversations, Routes routes) {
        this.conversations = conversations;
        this.routes = routes;
    }

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        PinStepConfig config = config(context);
        List<String> problems = problems(context, config);
        if (!problems.isEmpty()) {
            LOG.warnf("PIN step %s in realm %s is not usable: %s", context.getExecution().getId(), context.getRealm().getName(),
                    problems);
            refuse(context, config, null, Outcome.notConfigured());
            return;
        }
        if (!route(context, config).usable()) {
            refuse(context, config, null, Outcome.notConfigured());
            return;
        }
        PhoneCredentialModel phone = EnrolledPhone.of(context.getSession(), context.getRealm(), context.getUser());
        if (phone == null) {
            // Reached only outside a required execution (there Keycloak asks for enrolment itself).
            context.attempted();
            return;
        }
        PinConversation conversation = conversation(context, config);
        PinNotes notes = boundNotes(context, conversation, phone);
        Outcome outcome = null;
        if (notes == null) {
            if (refusedByBruteForce(context, config, null)) {
                return;
            }
            outcome = conversation.send(Channel.SMS, phone.number());
            notes = conversation.current();
            if (lockedOutBySend(context, config, notes, outcome)) {
                return;
            }
            recordSendTrouble(context, outcome, notes);
        }
        context.challenge(page(context, config, notes, outcome));
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        PinStepConfig config = config(context);
        PhoneCredentialModel phone = EnrolledPhone.of(context.getSession(), context.getRealm(), context.getUser());
        if (phone == null || !problems(context, config).isEmpty() || !route(context, config).usable()) {
            authenticate(context);
            return;
        }
        PinConversation conversation = conversation(context, config);
        PinNotes notes = boundNotes(context, conversation, phone);
        if (notes == null) {
            authenticate(context);
            return;
        }
        String action = sendAction(form.getFirst("action"));
        if (action != null) {
            if (refusedByBruteForce(context, config, notes)) {
                return;
            }
            long wait = notes.cooldownLeft(PinConversation.now(), config.resendCooldownSeconds());
            Outcome outcome;
            if (wait > 0) {
                outcome = conversation.coolingDown(wait);
            } else {
                outcome = switch (action) {
                    case "email" -> offersEmail(context, config)
                            ? EmailAddress.parse(context.getUser().getEmail()).map(to -> conversation.send(Channel.EMAIL, to))
                                    .orElseGet(Outcome::notConfigured)
                            : Outcome.notConfigured();
                    case "voice" -> config.allowVoice() ? toPhone(conversation, notes, phone, Channel.VOICE, config)
                            : Outcome.notConfigured();
                    case "sms" -> toPhone(conversation, notes, phone, Channel.SMS, config);
                    default -> conversation.resend(notes, notes.channel(), config.resendCooldownSeconds());
                };
            }
            PinNotes now = conversation.current();
            if (lockedOutBySend(context, config, now, outcome)) {
                return;
            }
            recordSendTrouble(context, outcome, now);
            context.challenge(page(context, config, now, outcome));
            return;
        }
        verify(context, config, conversation, notes, form.getFirst(PinPage.PIN_FIELD));
    }

    /**
     * The send the form's button asks for ({@code resend}, {@code sms}, {@code voice},
     * {@code email}), or null for a verify: a form posted without its button (a script's
     * {@code form.submit()}) or with an unknown action is a verify.
     */
    static String sendAction(String action) {
        return action != null && SEND_ACTIONS.contains(action) ? action : null;
    }

    /**
     * What keeps the step from running: its settings, and PINs below OWASP ASVS 5.0 V6.5 (fewer
     * than 20 bits, or a life over 10 minutes) unless the admin allowed them explicitly.
     */
    private List<String> problems(AuthenticationFlowContext context, PinStepConfig config) {
        List<String> problems = new ArrayList<>(config.problems());
        PinConversation.Route route = route(context, config);
        if (problems.isEmpty() && !config.allowBelowAsvs() && route.usable()) {
            List<String> weak = new LoginPinCheck(context.getRealm()).problems(route.applicationId(), route.smsTemplateId(),
                    config.allowEmail() ? route.emailTemplateId() : null);
            if (!weak.isEmpty()) {
                problems.addAll(weak);
                problems.add("make the PINs stronger, or set " + PinStepConfig.ALLOW_BELOW_ASVS + " to allow them");
            }
        }
        return problems;
    }

    private void verify(AuthenticationFlowContext context, PinStepConfig config, PinConversation conversation, PinNotes notes,
            String entered) {
        UserModel user = context.getUser();
        EventBuilder event = context.getEvent().user(user)
                .detail(Details.CREDENTIAL_TYPE, PhoneCredentialModel.TYPE)
                .detail(DETAIL_CHANNEL, notes.channel().name())
                .detail(DETAIL_PIN_ID, notes.pinId());
        AccountPinBudget budget = new AccountPinBudget(context.getSession(), context.getRealm());
        budget.prepare(user.getId()); // first: it uses a connection of its own
        if (!userMayTry(context, config, notes, user) || refusedAsLockedOut(context, config, notes, budget)) {
            return;
        }
        Outcome outcome = conversation.verify(notes, entered);
        if (outcome.kind() == Kind.WRONG_PIN) {
            budget.recordFailure(user.getId());
        }
        switch (outcome.kind()) {
            case VERIFIED -> {
                budget.recordSuccess(user.getId());
                reportToBruteForceProtection(context, true);
                context.success(PhoneCredentialModel.TYPE);
            }
            case WRONG_PIN, NO_MORE_ATTEMPTS -> {
                if (outcome.kind() == Kind.WRONG_PIN) {
                    event.detail(DETAIL_ATTEMPTS_REMAINING, Integer.toString(outcome.attemptsRemaining()));
                }
                event.detail(DETAIL_REASON, outcome.kind().name().toLowerCase(Locale.ROOT)).error(Errors.INVALID_USER_CREDENTIALS);
                reportToBruteForceProtection(context, false);
                context.failureChallenge(AuthenticationFlowError.INVALID_CREDENTIALS,
                        page(context, config, conversation.current(), outcome));
            }
            default -> {
                if (outcome.kind() != Kind.PIN_MISSING) {
                    event.clone().detail(DETAIL_REASON, outcome.messageKey()).error(outcome.eventError());
                }
                context.challenge(page(context, config, conversation.current(), outcome));
            }
        }
    }

    /**
     * Keycloak 26.7 counts a failure challenge only for the password, OTP and recovery-code
     * categories, so it ignores ours (the phone credential type). A PIN is a one-time code of a
     * second factor: it is reported as the OTP category, which also counts it among the "secondary
     * authentication failures" (the realm's maximum applies) and clears them on success.
     */
    private static void reportToBruteForceProtection(AuthenticationFlowContext context, boolean success) {
        if (!context.getRealm().isBruteForceProtected()) {
            return;
        }
        BruteForceProtector protector = context.getSession().getProvider(BruteForceProtector.class);
        Set<String> category = Set.of(OTPCredentialModel.TYPE);
        if (success) {
            protector.successfulLogin(context.getRealm(), context.getUser(), context.getConnection(), context.getUriInfo(), category);
        } else {
            protector.failedLogin(context.getRealm(), context.getUser(), context.getConnection(), context.getUriInfo(), category);
        }
    }

    /**
     * No PIN is sent for a user whom the realm's brute-force protection has disabled: checked
     * before each send (resend and channel switches included, or a locked-out user could still make
     * the step send messages). It reads no database: the account's budget of consecutive wrong
     * PINs ({@link AccountPinBudget}, which holds with brute-force protection off) is checked by
     * the send guard in its own transaction, so that the request holds no connection while the
     * vendor has the message ({@link #lockedOutBySend}).
     */
    private boolean refusedByBruteForce(AuthenticationFlowContext context, PinStepConfig config, PinNotes notes) {
        String error = AuthenticatorUtils.getDisabledByBruteForceEventError(context, context.getUser());
        if (error == null) {
            return false;
        }
        lockedOut(context, config, notes, error, PinMessages.lockedOut(error));
        return true;
    }

    /** A send the guard refused because the account has no wrong PIN left: answered as a lockout. */
    private boolean lockedOutBySend(AuthenticationFlowContext context, PinStepConfig config, PinNotes notes, Outcome outcome) {
        if (outcome == null || !EVENT_ERROR_BUDGET_USED_UP.equals(outcome.eventError())) {
            return false;
        }
        lockedOut(context, config, notes, EVENT_ERROR_BUDGET_USED_UP, outcome.messageKey());
        return true;
    }

    /**
     * No PIN is checked for a user whom brute-force protection has disabled, or who has used up
     * the account's budget of consecutive wrong PINs, as this request read it already.
     */
    private boolean refusedAsLockedOut(AuthenticationFlowContext context, PinStepConfig config, PinNotes notes,
            AccountPinBudget budget) {
        if (refusedByBruteForce(context, config, notes)) {
            return true;
        }
        if (!budget.usedUp(context.getUser().getId())) {
            return false;
        }
        lockedOut(context, config, notes, EVENT_ERROR_BUDGET_USED_UP, Messages.ACCOUNT_PERMANENTLY_DISABLED_TOTP);
        return true;
    }

    private void lockedOut(AuthenticationFlowContext context, PinStepConfig config, PinNotes notes, String error, String message) {
        context.getEvent().clone().user(context.getUser()).detail(Details.CREDENTIAL_TYPE, PhoneCredentialModel.TYPE)
                .detail(DETAIL_REASON, "locked_out").error(error);
        context.forceChallenge(page(context, config, notes, Outcome.refusedWith(message)));
    }

    /** Core's brute-force check before any PIN is looked at (as {@code OTPFormAuthenticator}). */
    private boolean userMayTry(AuthenticationFlowContext context, PinStepConfig config, PinNotes notes, UserModel user) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        String bruteForceError = AuthenticatorUtils.getDisabledByBruteForceEventError(context, user);
        if (bruteForceError == null && user.isEnabled()) {
            authSession.removeAuthNote(AbstractUsernameFormAuthenticator.SESSION_INVALID);
        }
        if ("true".equals(authSession.getAuthNote(AbstractUsernameFormAuthenticator.SESSION_INVALID))) {
            context.getEvent().error(Errors.INVALID_AUTHENTICATION_SESSION);
            context.forceChallenge(page(context, config, notes, Outcome.refusedWith(Messages.ACCOUNT_TEMPORARILY_DISABLED_TOTP)));
            return false;
        }
        if (bruteForceError != null || !user.isEnabled()) {
            String error = bruteForceError != null ? bruteForceError : Errors.USER_DISABLED;
            context.getEvent().error(error);
            String message = bruteForceError != null ? PinMessages.lockedOut(bruteForceError) : Messages.ACCOUNT_DISABLED;
            authSession.setAuthNote(AbstractUsernameFormAuthenticator.SESSION_INVALID, "true");
            context.forceChallenge(page(context, config, notes, Outcome.refusedWith(message)));
            return false;
        }
        return true;
    }

    private Outcome toPhone(PinConversation conversation, PinNotes notes, PhoneCredentialModel phone, Channel channel,
            PinStepConfig config) {
        if (notes.channel() == Channel.EMAIL) {
            return conversation.send(channel, phone.number());
        }
        return conversation.resend(notes, channel, config.resendCooldownSeconds());
    }

    /** The session's PIN notes, if they are for this user's current phone or verified email. */
    private PinNotes boundNotes(AuthenticationFlowContext context, PinConversation conversation, PhoneCredentialModel phone) {
        PinNotes notes = conversation.current();
        if (notes == null) {
            return null;
        }
        boolean bound = notes.destination() instanceof EmailAddress email
                ? email.sameAs(context.getUser().getEmail())
                : notes.destination().equals(phone.number());
        if (!bound) {
            conversation.forget();
            return null;
        }
        return notes;
    }

    private void recordSendTrouble(AuthenticationFlowContext context, Outcome outcome, PinNotes notes) {
        if (outcome != null && outcome.kind() != Kind.SENT && outcome.eventError() != null) {
            EventBuilder event = context.getEvent().clone().user(context.getUser())
                    .detail(Details.CREDENTIAL_TYPE, PhoneCredentialModel.TYPE).detail(DETAIL_REASON, outcome.messageKey());
            if (notes != null) {
                event.detail(DETAIL_CHANNEL, notes.channel().name()).detail(DETAIL_PIN_ID, notes.pinId());
            }
            event.error(outcome.eventError());
        }
    }

    private void refuse(AuthenticationFlowContext context, PinStepConfig config, PinNotes notes, Outcome outcome) {
        context.getEvent().clone().user(context.getUser()).detail(DETAIL_REASON, outcome.messageKey()).error(outcome.eventError());
        context.challenge(page(context, config, notes, outcome));
    }

    private Response page(AuthenticationFlowContext context, PinStepConfig config, PinNotes notes, Outcome outcome) {
        boolean email = offersEmail(context, config);
        PinPage.Offers offers = new PinPage.Offers(config.allowVoice(), email,
                email ? PinPage.maskedEmail(context.getUser().getEmail()) : null, config.resendCooldownSeconds());
        return PinPage.fill(context.form(), context.getRealm(), route(context, config), notes, offers, outcome)
                .createForm(PinPage.LOGIN_TEMPLATE);
    }

    private boolean offersEmail(AuthenticationFlowContext context, PinStepConfig config) {
        UserModel user = context.getUser();
        return config.allowEmail() && user.getEmail() != null && user.isEmailVerified()
                && route(context, config).emailTemplateId() != null;
    }

    private PinConversation conversation(AuthenticationFlowContext context, PinStepConfig config) {
        return conversations.open(context, route(context, config));
    }

    /**
     * The application and templates the settings name (or the realm's defaults), found once per
     * request; unusable (all null) when the settings name something the realm does not have.
     */
    private PinConversation.Route route(AuthenticationFlowContext context, PinStepConfig config) {
        return routes.of(context, config);
    }

    private static PinConversation.Route resolveOnce(AuthenticationFlowContext context, PinStepConfig config) {
        String key = NOTE_PREFIX + "route." + context.getExecution().getId();
        if (context.getSession().getAttribute(key) instanceof PinConversation.Route cached) {
            return cached;
        }
        PinConversation.Route route = resolve(context.getSession(), context.getRealm(), config);
        context.getSession().setAttribute(key, route);
        return route;
    }

    static PinConversation.Route resolve(KeycloakSession session, RealmModel realm, PinStepConfig config) {
        StepTargets.Resolution resolution;
        try {
            resolution = StepTargets.resolve(session, realm, config.targets(), config.allowEmail());
        } catch (RuntimeException e) {
            resolution = new StepTargets.Unusable(String.valueOf(e.getMessage()));
        }
        if (resolution instanceof StepTargets.Found found) {
            return new PinConversation.Route(found.applicationId(), found.smsTemplateId(), found.emailTemplateId());
        }
        LOG.warnf("A PIN step or enrolment in realm %s is not usable: %s", realm.getName(),
                ((StepTargets.Unusable) resolution).problem());
        return new PinConversation.Route(null, null, null);
    }

    private static PinStepConfig config(AuthenticationFlowContext context) {
        AuthenticatorConfigModel model = context.getAuthenticatorConfig();
        return new PinStepConfig(model == null ? null : model.getConfig());
    }

    @Override
    public boolean requiresUser() {
        return true;
    }

    @Override
    public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
        return EnrolledPhone.of(session, realm, user) != null;
    }

    /**
     * Keycloak calls this for a user without a phone at a required PIN step: ask for enrolment,
     * or, when the step's config says not to, refuse as core does for an authenticator without
     * user setup.
     */
    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
        AuthenticationSessionModel authSession = session.getContext().getAuthenticationSession();
        PinStepConfig config = currentStepConfig(realm, authSession);
        if (!config.askToEnrol()) {
            throw new AuthenticationFlowException("User without an enrolled phone at a PIN step that does not enrol",
                    AuthenticationFlowError.CREDENTIAL_SETUP_REQUIRED);
        }
        PinConversation.Route route = resolve(session, realm, config);
        if (route.usable()) {
            authSession.setAuthNote(ENROL_APPLICATION_NOTE, route.applicationId());
            authSession.setAuthNote(ENROL_TEMPLATE_NOTE, route.smsTemplateId());
        }
        if (!authSession.getRequiredActions().contains(PhoneEnrolmentAction.ID)) {
            authSession.addRequiredAction(PhoneEnrolmentAction.ID);
        }
    }

    /** The config of the PIN execution Keycloak just marked as needing setup in this login. */
    private static PinStepConfig currentStepConfig(RealmModel realm, AuthenticationSessionModel authSession) {
        return authSession.getExecutionStatus().entrySet().stream()
                .filter(e -> e.getValue() == AuthenticationSessionModel.ExecutionStatus.SETUP_REQUIRED)
                .map(e -> realm.getAuthenticationExecutionById(e.getKey()))
                .filter(e -> e != null && PinAuthenticatorFactory.ID.equals(e.getAuthenticator()))
                .map(AuthenticationExecutionModel::getAuthenticatorConfig)
                .map(id -> id == null ? null : realm.getAuthenticatorConfigById(id))
                .map(m -> new PinStepConfig(m == null ? null : m.getConfig()))
                .reduce((first, second) -> second)
                .orElseGet(() -> new PinStepConfig(null));
    }

    @Override
    public List<RequiredActionFactory> getRequiredActions(KeycloakSession session) {
        return List.of((RequiredActionFactory) session.getKeycloakSessionFactory()
                .getProviderFactory(RequiredActionProvider.class, PhoneEnrolmentAction.ID));
    }

    @Override
    public PhoneCredentialProvider getCredentialProvider(KeycloakSession session) {
        return PhoneCredentialProviderFactory.provider(session);
    }

    @Override
    public void close() {
    }
}
