package io.github.keycloakpin2fa.login;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.RETURNS_SELF;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import io.github.keycloakpin2fa.credential.PhoneCredentialModel;
import io.github.keycloakpin2fa.credential.PhoneCredentialProvider;
import io.github.keycloakpin2fa.delivery.Channel;
import io.github.keycloakpin2fa.delivery.DeliveryResult;
import io.github.keycloakpin2fa.engine.destination.EmailAddress;
import io.github.keycloakpin2fa.engine.destination.PhoneNumber;
import io.github.keycloakpin2fa.engine.guard.SendPurpose;
import io.github.keycloakpin2fa.engine.verification.PinError;
import io.github.keycloakpin2fa.engine.verification.VerificationResult;
import io.github.keycloakpin2fa.login.PinNotes.State;
import io.github.keycloakpin2fa.service.PinService;
import io.github.keycloakpin2fa.storage.cache.SessionPins;
import io.github.keycloakpin2fa.service.SendOrigin;
import io.github.keycloakpin2fa.service.PinService.SendCommand;
import io.github.keycloakpin2fa.service.PinService.SendOutcome;
import io.github.keycloakpin2fa.service.PinService.VerifyOutcome;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.Response;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.credential.CredentialProvider;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.http.HttpRequest;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.FormMessage;
import org.mockito.ArgumentCaptor;

/** The PIN step's answers to each thing the page can post, without a browser. */
class PinAuthenticatorTest {

    private static final SendOrigin ORIGIN = new SendOrigin(SendPurpose.LOGIN, "user-1", "session-1", "192.0.2.1");

    private static final PhoneNumber PHONE = new PhoneNumber("41793026727");
    private static final String PREFIX = PinAuthenticator.NOTE_PREFIX;

    private final PinService service = mock(PinService.class);
    private final SessionPins pins = mock(SessionPins.class);
    private final AuthNotes auth = new AuthNotes();
    private final AuthenticationFlowContext context = mock(AuthenticationFlowContext.class);
    private final UserModel user = mock(UserModel.class);
    private final LoginFormsProvider form = mock(LoginFormsProvider.class, RETURNS_SELF);
    private final Response page = mock(Response.class);
    private final EventBuilder event = mock(EventBuilder.class, RETURNS_SELF);
    private final MultivaluedHashMap<String, String> posted = new MultivaluedHashMap<>();
    private final Map<String, String> stepConfig = new HashMap<>(Map.of(
            PinStepConfig.APPLICATION_ID, "app-1", PinStepConfig.SMS_TEMPLATE_ID, "sms-1",
            PinStepConfig.EMAIL_TEMPLATE_ID, "email-1", PinStepConfig.RESEND_COOLDOWN, "30"));
    private final PinAuthenticator authenticator = new PinAuthenticator(
            (ctx, route) -> new PinConversation(service, "realm", auth.session, PREFIX, route, ORIGIN, pins),
            (ctx, config) -> this.route);
    /** What the step's settings resolve to in the realm. */
    private PinConversation.Route route = new PinConversation.Route("app-1", "sms-1", "email-1");

    private final java.sql.PreparedStatement failuresRead = mock(java.sql.PreparedStatement.class);

    /** The counter's plain read ({@code SELECT FAILURES ...}) answers from {@link #failuresInDatabase}. */
    private void failuresReadFrom(jakarta.persistence.EntityManager em) throws Exception {
        java.sql.Connection connection = io.github.keycloakpin2fa.storage.jpa.TransactionConnection.of(em,
                io.github.keycloakpin2fa.storage.jpa.PinFailureEntity.class, "PIN2FA_PIN_FAILURES");
        when(connection.prepareStatement(anyString())).thenReturn(failuresRead);
        when(failuresRead.executeQuery()).thenAnswer(call -> {
            java.sql.ResultSet row = mock(java.sql.ResultSet.class);
            when(row.next()).thenReturn(!failuresInDatabase.isEmpty(), false);
            when(row.getInt(1)).thenAnswer(i -> failuresInDatabase.get(0));
            return row;
        });
    }

    /** The account's wrong-PIN counter ({@code AccountPinBudget}) as the database answers it. */
    private final List<Integer> failuresInDatabase = new java.util.ArrayList<>();
    private final jakarta.persistence.Query counterUpdate = mock(jakarta.persistence.Query.class, org.mockito.Mockito.RETURNS_SELF);

    @BeforeEach
    void setUp() throws Exception {
        KeycloakSession session = mock(KeycloakSession.class);
        jakarta.persistence.EntityManager em = mock(jakarta.persistence.EntityManager.class);
        failuresReadFrom(em);
        when(em.createNamedQuery(anyString())).thenReturn(counterUpdate);
        org.keycloak.connections.jpa.JpaConnectionProvider jpa = mock(org.keycloak.connections.jpa.JpaConnectionProvider.class);
        when(jpa.getEntityManager()).thenReturn(em);
        when(session.getProvider(org.keycloak.connections.jpa.JpaConnectionProvider.class)).thenReturn(jpa);
        PhoneCredentialProvider phones = mock(PhoneCredentialProvider.class);
        when(session.getProvider(CredentialProvider.class, PhoneCredentialModel.TYPE)).thenReturn(phones);
        PhoneCredentialModel phone = PhoneCredentialModel.create(PHONE, 1);
        when(phones.phoneOf(user)).thenReturn(phone);
        when(context.getSession()).thenReturn(session);
        RealmModel realm = mock(RealmModel.class);
        when(realm.getId()).thenReturn("realm-1");
        when(context.getRealm()).thenReturn(realm);
        when(user.getId()).thenReturn("user-1");
        when(context.getUser()).thenReturn(user);
        when(user.isEnabled()).thenReturn(true);
        when(context.getAuthenticationSession()).thenReturn(auth.session);
        AuthenticatorConfigModel config = new AuthenticatorConfigModel();
        config.setConfig(stepConfig);
        when(context.getAuthenticatorConfig()).thenReturn(config);
        when(context.form()).thenReturn(form);
        when(form.createForm(anyString())).thenReturn(page);
        when(context.getEvent()).thenReturn(event);
        HttpRequest request = mock(HttpRequest.class);
        when(request.getDecodedFormParameters()).thenReturn(posted);
        when(context.getHttpRequest()).thenReturn(request);
    }

    private void pinSentAt(long sentAt, State state) {
        new PinNotes("pin-1", PHONE, Channel.SMS, sentAt, state).write(auth.session, PREFIX);
    }

    private static SendOutcome sent(String pinId, Channel channel, io.github.keycloakpin2fa.engine.destination.Destination to) {
        return new SendOutcome(pinId, to, null, channel, DeliveryResult.accepted("v"));
    }

    @Test
    void the_first_visit_sends_a_pin_by_sms_to_the_enrolled_phone() throws Exception {
        when(service.send(any(), eq(ORIGIN), eq(pins))).thenReturn(sent("pin-1", Channel.SMS, PHONE));

        authenticator.authenticate(context);

        ArgumentCaptor<SendCommand> command = ArgumentCaptor.forClass(SendCommand.class);
        verify(service).send(command.capture(), eq(ORIGIN), eq(pins));
        assertThat(command.getValue().channel()).isEqualTo(Channel.SMS);
        assertThat(command.getValue().to()).isEqualTo("41793026727");
        assertThat(auth.notes).containsEntry(PREFIX + "pinId", "pin-1");
        verify(context).challenge(page);
        // The account's budget is the send guard's to read, in its own transaction: the request
        // holds no database connection while the vendor has the message.
        verify(failuresRead, never()).executeQuery();
    }

    @Test
    void a_step_naming_an_application_the_realm_does_not_have_refuses_and_says_so() {
        route = new PinConversation.Route(null, null, null);
        when(context.getExecution()).thenReturn(new org.keycloak.models.AuthenticationExecutionModel());

        authenticator.authenticate(context);

        verifyNoInteractions(service);
        verify(form).setError(PinMessages.NOT_CONFIGURED);
        verify(event).error("pin_not_configured");
    }

    @Test
    void a_reload_shows_the_pin_already_sent() {
        pinSentAt(PinConversation.now(), State.LIVE);

        authenticator.authenticate(context);

        verifyNoInteractions(service);
        verify(context).challenge(page);
    }

    @Test
    void a_resend_during_the_cooldown_sends_nothing_and_says_how_long_to_wait() {
        pinSentAt(PinConversation.now(), State.LIVE);
        posted.add("action", "resend");

        authenticator.action(context);

        verifyNoInteractions(service);
        verify(form).setError(eq(PinMessages.COOLDOWN), any());
        verify(event).error("pin_resend_cooldown");
    }

    @Test
    void a_resend_after_the_cooldown_sends_the_same_pin_again_and_says_so() throws Exception {
        pinSentAt(1, State.LIVE);
        posted.add("action", "resend");
        when(service.resend(eq("pin-1"), eq(Channel.SMS), eq(ORIGIN), eq(pins))).thenReturn(sent("pin-1", Channel.SMS, PHONE));

        authenticator.action(context);

        verify(service).resend(eq("pin-1"), eq(Channel.SMS), eq(ORIGIN), eq(pins));
        verify(service, never()).send(any(), any(), any());
        verify(form).setInfo(PinMessages.SENT_AGAIN);
        verify(failuresRead, never()).executeQuery();
    }

    @Test
    void a_resend_the_guard_refuses_for_an_account_with_no_wrong_pin_left_is_answered_as_a_lockout() {
        pinSentAt(1, State.LIVE);
        posted.add("action", "resend");
        when(service.resend(eq("pin-1"), eq(Channel.SMS), eq(ORIGIN), eq(pins)))
                .thenThrow(new io.github.keycloakpin2fa.service.RefusedException(new io.github.keycloakpin2fa.service.Refusal.AccountLocked()));

        authenticator.action(context);

        verify(context).forceChallenge(page);
        verify(form).setError(org.keycloak.services.messages.Messages.ACCOUNT_PERMANENTLY_DISABLED_TOTP);
        verify(event).detail(PinAuthenticator.DETAIL_REASON, "locked_out");
        verify(event).error(PinAuthenticator.EVENT_ERROR_BUDGET_USED_UP);
    }

    @Test
    void voice_is_refused_where_the_step_does_not_allow_it() {
        pinSentAt(1, State.LIVE);
        posted.add("action", "voice");

        authenticator.action(context);

        verify(service, never()).resend(anyString(), any(), eq(ORIGIN), eq(pins));
        verify(form).setError(PinMessages.NOT_CONFIGURED);
    }

    @Test
    void email_goes_to_the_users_verified_address_where_the_step_allows_it() {
        stepConfig.put(PinStepConfig.ALLOW_EMAIL, "true");
        when(user.getEmail()).thenReturn("demo@example.org");
        when(user.isEmailVerified()).thenReturn(true);
        pinSentAt(1, State.LIVE);
        posted.add("action", "email");
        EmailAddress email = new EmailAddress("demo@example.org");
        when(service.send(any(), eq(ORIGIN), eq(pins))).thenReturn(sent("pin-2", Channel.EMAIL, email));

        authenticator.action(context);

        ArgumentCaptor<SendCommand> command = ArgumentCaptor.forClass(SendCommand.class);
        verify(service).send(command.capture(), eq(ORIGIN), eq(pins));
        assertThat(command.getValue().channel()).isEqualTo(Channel.EMAIL);
        assertThat(command.getValue().to()).isEqualTo("demo@example.org");
        assertThat(command.getValue().messageId()).isEqualTo("email-1");
        assertThat(auth.notes).containsEntry(PREFIX + "channel", "EMAIL");
    }

    @Test
    void the_right_pin_completes_the_step() {
        pinSentAt(1, State.LIVE);
        posted.add(PinPage.PIN_FIELD, "123456");
        when(service.verify("pin-1", "123456", pins)).thenReturn(new VerifyOutcome("pin-1", PHONE, VerificationResult.success(3)));

        authenticator.action(context);

        verify(context).success(PhoneCredentialModel.TYPE);
        assertThat(auth.notes).doesNotContainKey(PREFIX + "pinId");
    }

    @Test
    void a_wrong_pin_is_a_failed_login_that_says_how_many_attempts_are_left() {
        pinSentAt(1, State.LIVE);
        posted.add(PinPage.PIN_FIELD, "000000");
        when(service.verify("pin-1", "000000", pins))
                .thenReturn(new VerifyOutcome("pin-1", PHONE, VerificationResult.failure(PinError.WRONG_PIN, 2)));

        authenticator.action(context);

        verify(context).failureChallenge(AuthenticationFlowError.INVALID_CREDENTIALS, page);
        verify(event).detail(PinAuthenticator.DETAIL_ATTEMPTS_REMAINING, "2");
        verify(event).error(Errors.INVALID_USER_CREDENTIALS);
        ArgumentCaptor<FormMessage> message = ArgumentCaptor.forClass(FormMessage.class);
        verify(form).addError(message.capture());
        assertThat(message.getValue().getField()).isEqualTo(PinPage.PIN_FIELD);
        assertThat(message.getValue().getMessage()).isEqualTo(PinMessages.WRONG_PIN);
        verify(counterUpdate).setParameter("id", "realm-1:user-1");
        verify(counterUpdate).executeUpdate(); // the account's wrong-PIN counter went up
    }

    @Test
    void an_empty_pin_asks_for_one_without_counting_a_failure() {
        pinSentAt(1, State.LIVE);
        posted.add(PinPage.PIN_FIELD, "");

        authenticator.action(context);

        verifyNoInteractions(service);
        verify(context, never()).failureChallenge(any(), any());
        verify(context).challenge(page);
    }

    @Test
    void a_post_without_an_action_is_a_verify_not_a_server_error() {
        pinSentAt(1, State.LIVE);
        posted.add(PinPage.PIN_FIELD, "123456");
        when(service.verify("pin-1", "123456", pins)).thenReturn(new VerifyOutcome("pin-1", PHONE, VerificationResult.success(3)));

        authenticator.action(context);

        verify(service).verify("pin-1", "123456", pins);
    }

    @Test
    void a_disabled_user_may_not_try_a_pin() {
        when(user.isEnabled()).thenReturn(false);
        pinSentAt(1, State.LIVE);
        posted.add(PinPage.PIN_FIELD, "123456");

        authenticator.action(context);

        verify(service, never()).verify(anyString(), anyString(), any());
        verify(event).error(Errors.USER_DISABLED);
        verify(context).forceChallenge(page);
    }

    @Test
    void a_pin_sent_to_another_phone_is_forgotten_and_a_new_one_sent() {
        new PinNotes("pin-0", new PhoneNumber("41790000000"), Channel.SMS, 1, State.LIVE).write(auth.session, PREFIX);
        posted.add(PinPage.PIN_FIELD, "123456");
        when(service.send(any(), eq(ORIGIN), eq(pins))).thenReturn(sent("pin-1", Channel.SMS, PHONE));

        authenticator.action(context);

        verify(service, never()).verify(anyString(), anyString(), any());
        verify(service).send(any(), eq(ORIGIN), eq(pins));
        assertThat(auth.notes).containsEntry(PREFIX + "pinId", "pin-1");
    }

    @Test
    void a_user_the_guard_finds_with_no_wrong_pin_left_in_the_account_is_answered_as_a_lockout() {
        when(service.send(any(), eq(ORIGIN), eq(pins)))
                .thenThrow(new io.github.keycloakpin2fa.service.RefusedException(new io.github.keycloakpin2fa.service.Refusal.AccountLocked()));

        authenticator.authenticate(context);

        verify(context).forceChallenge(page);
        verify(context, never()).challenge(any());
        verify(form).setError(org.keycloak.services.messages.Messages.ACCOUNT_PERMANENTLY_DISABLED_TOTP);
        verify(event).detail(PinAuthenticator.DETAIL_REASON, "locked_out");
        verify(event).error(PinAuthenticator.EVENT_ERROR_BUDGET_USED_UP);
        assertThat(auth.notes).doesNotContainKey(PREFIX + "pinId");
    }

    @Test
    void a_verify_reads_the_accounts_wrong_pins_once_and_still_refuses_a_user_with_none_left() throws Exception {
        pinSentAt(1, State.LIVE);
        posted.add(PinPage.PIN_FIELD, "123456");
        failuresInDatabase.add(100);

        authenticator.action(context);

        verify(failuresRead, org.mockito.Mockito.times(1)).executeQuery();
        verify(service, never()).verify(any(), any(), any());
        verify(event).error(PinAuthenticator.EVENT_ERROR_BUDGET_USED_UP);
    }

    @Test
    void a_form_posted_without_its_button_is_a_verify() {
        assertThat(PinAuthenticator.sendAction(null)).isNull();
    }

    @Test
    void an_unknown_action_is_a_verify() {
        assertThat(PinAuthenticator.sendAction("")).isNull();
        assertThat(PinAuthenticator.sendAction("verify")).isNull();
        assertThat(PinAuthenticator.sendAction("RESEND")).isNull();
    }

    @Test
    void the_buttons_that_send_are_sends() {
        assertThat(PinAuthenticator.sendAction("resend")).isEqualTo("resend");
        assertThat(PinAuthenticator.sendAction("sms")).isEqualTo("sms");
        assertThat(PinAuthenticator.sendAction("voice")).isEqualTo("voice");
        assertThat(PinAuthenticator.sendAction("email")).isEqualTo("email");
    }
}
