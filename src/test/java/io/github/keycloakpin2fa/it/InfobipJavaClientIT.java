package io.github.keycloakpin2fa.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.infobip.ApiClient;
import com.infobip.ApiException;
import com.infobip.ApiKey;
import com.infobip.BaseUrl;
import com.infobip.api.TfaApi;
import com.infobip.model.TfaApplicationConfiguration;
import com.infobip.model.TfaApplicationRequest;
import com.infobip.model.TfaApplicationResponse;
import com.infobip.model.TfaCreateEmailMessageRequest;
import com.infobip.model.TfaCreateMessageRequest;
import com.infobip.model.TfaEmailMessage;
import com.infobip.model.TfaLanguage;
import com.infobip.model.TfaMessage;
import com.infobip.model.TfaPinType;
import com.infobip.model.TfaResendPinRequest;
import com.infobip.model.TfaResendPinRequestViaEmail;
import com.infobip.model.TfaStartAuthenticationRequest;
import com.infobip.model.TfaStartAuthenticationResponse;
import com.infobip.model.TfaStartEmailAuthenticationRequest;
import com.infobip.model.TfaStartEmailAuthenticationResponse;
import com.infobip.model.TfaUpdateEmailMessageRequest;
import com.infobip.model.TfaUpdateMessageRequest;
import com.infobip.model.TfaVerification;
import com.infobip.model.TfaVerifyPinRequest;
import com.infobip.model.TfaVerifyPinResponse;
import io.github.keycloakpin2fa.testing.KeycloakServer;
import io.github.keycloakpin2fa.testing.RealKeycloak;
import io.github.keycloakpin2fa.testing.TwoFactorApi;
import java.util.List;
import java.util.Map;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import java.util.ArrayList;
import java.util.Collections;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A service written with Infobip's official Java client uses Keycloak as its 2FA server: the only
 * change is an OkHttp interceptor that puts {@code /realms/{realm}} in front of the client's
 * {@code /2fa/...} paths. Every {@link TfaApi} operation is driven here, on the v2 paths the
 * client calls and, rewritten by the interceptor, on the v1 paths of Infobip's documentation.
 */
@RealKeycloak
class InfobipJavaClientIT {

    private TwoFactorApi realm;
    private KeycloakServer keycloak;
    private final List<String> paths = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void aRealmWithAKey(KeycloakServer keycloak) {
        this.keycloak = keycloak;
        realm = TwoFactorApi.newRealmWithKey(keycloak, "client", "2fa:manage");
    }

    /** A service's client; on {@code version} "1" the interceptor also turns {@code /2fa/2/} into {@code /2fa/1/}. */
    private TfaApi tfa(String version) {
        return new TfaApi(ApiClient.forApiKey(ApiKey.from(realm.authorization().substring("App ".length())))
                .withBaseUrl(BaseUrl.from(keycloak.baseUrl()))
                .withHttpClient(realmPrefixing(realm.realm(), version, paths))
                .build());
    }

    /** The one line of setup a service needs: {@code /2fa/...} becomes {@code /realms/{realm}/2fa/...}. */
    static OkHttpClient realmPrefixing(String realmName) {
        return realmPrefixing(realmName, "2", new ArrayList<>());
    }

    static OkHttpClient realmPrefixing(String realmName, String version, List<String> seen) {
        return new OkHttpClient.Builder().addInterceptor(chain -> {
            HttpUrl url = chain.request().url();
            String path = url.encodedPath().replaceFirst("^/2fa/2/", "/2fa/" + version + "/");
            HttpUrl inRealm = url.newBuilder().encodedPath("/realms/" + realmName + path).build();
            seen.add(chain.request().method() + " " + path);
            return chain.proceed(chain.request().newBuilder().url(inRealm).build());
        }).build();
    }

    private void assertAllCallsWentTo(String version, int operations) {
        assertThat(paths).as("every call on the v%s paths", version).allMatch(p -> p.contains(" /2fa/" + version + "/"));
        assertThat(paths.stream().map(p -> p.replaceAll("[0-9A-F]{32}", "{id}")).distinct()).hasSize(operations);
    }

    @ParameterizedTest(name = "v{0}")
    @ValueSource(strings = {"1", "2"})
    void applications_and_templates_are_managed_with_the_client(String version) throws ApiException {
        TfaApi tfa = tfa(version);
        TfaApplicationResponse created = tfa.createTfaApplication(new TfaApplicationRequest().name("Client app")
                ._configuration(new TfaApplicationConfiguration().pinAttempts(7).pinTimeToLive("10m")
                        .allowMultiplePinVerifications(false).verifyPinLimit("5/1s"))
                .enabled(true)).execute();
        String appId = created.getApplicationId();

        assertThat(appId).matches("[0-9A-F]{32}");
        assertThat(created.getConfiguration().getPinAttempts()).isEqualTo(7);
        assertThat(tfa.getTfaApplications().execute()).extracting(TfaApplicationResponse::getApplicationId).containsExactly(appId);
        assertThat(tfa.getTfaApplication(appId).execute().getName()).isEqualTo("Client app");
        TfaApplicationResponse updated = tfa.updateTfaApplication(appId, new TfaApplicationRequest().name("Renamed")
                ._configuration(new TfaApplicationConfiguration().pinAttempts(3))).execute();
        assertThat(updated.getName()).isEqualTo("Renamed");
        assertThat(updated.getConfiguration().getPinAttempts()).isEqualTo(3);

        TfaMessage template = tfa.createTfaMessageTemplate(appId, new TfaCreateMessageRequest().pinType(TfaPinType.NUMERIC)
                .messageText("Your code is {{pin}}").pinLength(6).language(TfaLanguage.DE).senderId("Shop")).execute();
        assertThat(template.getPinPlaceholder()).isEqualTo("{{pin}}");
        assertThat(template.getLanguage()).isEqualTo(TfaLanguage.DE);
        String messageId = template.getMessageId();
        assertThat(tfa.getTfaMessageTemplate(appId, messageId).execute().getMessageText()).isEqualTo("Your code is {{pin}}");

        TfaMessage onlyLength = tfa.updateTfaMessageTemplate(appId, messageId, new TfaUpdateMessageRequest().pinLength(8)).execute();
        assertThat(onlyLength.getPinLength()).isEqualTo(8);
        assertThat(onlyLength.getMessageText()).as("a partial update keeps what it leaves out").isEqualTo("Your code is {{pin}}");
        assertThat(onlyLength.getPinType()).isEqualTo(TfaPinType.NUMERIC);
        assertThat(onlyLength.getSenderId()).isEqualTo("Shop");
        assertThat(onlyLength.getLanguage()).isEqualTo(TfaLanguage.DE);
        TfaMessage changed = tfa.updateTfaMessageTemplate(appId, messageId, new TfaUpdateMessageRequest()
                .pinType(TfaPinType.ALPHANUMERIC).messageText("Code {{pin}}")).execute();
        assertThat(changed.getPinType()).isEqualTo(TfaPinType.ALPHANUMERIC);
        assertThat(changed.getPinLength()).as("kept from the update before").isEqualTo(8);
        assertThatThrownBy(() -> tfa.updateTfaMessageTemplate(appId, messageId,
                new TfaUpdateMessageRequest().messageText("no placeholder")).execute())
                .as("the merged template is validated as a whole")
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.responseStatusCode()).isEqualTo(400));
        assertThat(tfa.getTfaMessageTemplate(appId, messageId).execute().getMessageText()).isEqualTo("Code {{pin}}");

        TfaEmailMessage email = tfa.createTfaEmailMessageTemplate(appId, new TfaCreateEmailMessageRequest()
                .emailTemplateId(42L).from("Shop <shop@example.org>").pinType(TfaPinType.NUMERIC).pinLength(6)).execute();
        assertThat(email.getEmailTemplateId()).isEqualTo(42L);
        TfaEmailMessage emailChanged = tfa.updateTfaEmailMessageTemplate(appId, email.getMessageId(),
                new TfaUpdateEmailMessageRequest().pinLength(8)).execute();
        assertThat(emailChanged.getPinLength()).isEqualTo(8);
        assertThat(emailChanged.getEmailTemplateId()).as("a partial update keeps the email template").isEqualTo(42L);
        assertThat(emailChanged.getFrom()).isEqualTo("Shop <shop@example.org>");
        assertThat(tfa.updateTfaEmailMessageTemplate(appId, email.getMessageId(),
                new TfaUpdateEmailMessageRequest().emailTemplateId(43L)).execute().getPinLength()).isEqualTo(8);
        assertThat(tfa.getTfaMessageTemplates(appId).execute()).extracting(TfaMessage::getMessageId)
                .containsExactly(messageId, email.getMessageId());
        assertAllCallsWentTo(version, 10);
    }

    @ParameterizedTest(name = "v{0}")
    @ValueSource(strings = {"1", "2"})
    void the_client_reads_and_updates_an_application_with_our_security_extension_which_survives(String version)
            throws ApiException {
        TfaApi tfa = tfa(version);
        String appId = realm.createApplication("{\"name\": \"Geo\", \"security\": {\"allowedCountries\": [\"CH\"]}}");

        assertThat(tfa.getTfaApplication(appId).execute().getName()).isEqualTo("Geo");
        assertThat(tfa.getTfaApplications().execute()).extracting(TfaApplicationResponse::getApplicationId).containsExactly(appId);
        assertThat(tfa.updateTfaApplication(appId, new TfaApplicationRequest().name("Geo 2")
                ._configuration(new TfaApplicationConfiguration().pinAttempts(3))).execute().getName()).isEqualTo("Geo 2");

        assertThat(KeycloakServer.json(realm.get("/2/applications/" + appId).body()).at("/security/allowedCountries/0").asText())
                .isEqualTo("CH");
        assertAllCallsWentTo(version, 3);
    }

    @ParameterizedTest(name = "v{0}")
    @ValueSource(strings = {"1", "2"})
    void pins_are_sent_resent_as_the_same_pin_and_verified_over_sms_voice_and_email_with_the_client(String version)
            throws ApiException {
        TfaApi tfa = tfa(version);
        String appId = tfa.createTfaApplication(new TfaApplicationRequest().name("Pins")
                ._configuration(new TfaApplicationConfiguration().verifyPinLimit("10/1s"))).execute().getApplicationId();
        String messageId = tfa.createTfaMessageTemplate(appId, new TfaCreateMessageRequest().pinType(TfaPinType.NUMERIC)
                .messageText("Hello {{name}}, your PIN is {{pin}}").pinLength(6)).execute().getMessageId();
        String emailId = tfa.createTfaEmailMessageTemplate(appId, new TfaCreateEmailMessageRequest().emailTemplateId(1L))
                .execute().getMessageId();
        paths.clear();

        TfaStartAuthenticationResponse sms = tfa.sendTfaPinCodeOverSms(new TfaStartAuthenticationRequest()
                .applicationId(appId).messageId(messageId).to("41798880001").placeholders(Map.of("name", "Ana")))
                .ncNeeded(true).execute();
        assertThat(sms.getSmsStatus()).isEqualTo("MESSAGE_SENT");
        assertThat(sms.getNcStatus()).as("a valid number; only the network knows more").isEqualTo("NC_DESTINATION_UNKNOWN");
        String firstPin = realm.lastPinSentTo("41798880001");
        TfaStartAuthenticationResponse resent = tfa.resendTfaPinCodeOverSms(sms.getPinId(),
                new TfaResendPinRequest().placeholders(Map.of("name", "Ana"))).execute();
        assertThat(resent.getPinId()).isEqualTo(sms.getPinId());
        assertThat(resent.getSmsStatus()).isEqualTo("MESSAGE_SENT");
        assertThat(resent.getNcStatus()).as("the resend answers the send's number lookup").isEqualTo("NC_DESTINATION_UNKNOWN");
        assertThat(realm.lastPinSentTo("41798880001")).as("the SMS resend sent the same PIN").isEqualTo(firstPin);
        TfaStartAuthenticationResponse called = tfa.resendTfaPinCodeOverVoice(sms.getPinId(),
                new TfaResendPinRequest().placeholders(Map.of("name", "Ana"))).execute();
        assertThat(called.getCallStatus()).isEqualTo("PENDING_ACCEPTED");
        assertThat(realm.lastPinSentTo("41798880001")).as("the voice resend reads out the same PIN").isEqualTo(firstPin);

        TfaStartAuthenticationResponse voice = tfa.sendTfaPinCodeOverVoice(new TfaStartAuthenticationRequest()
                .applicationId(appId).messageId(messageId).to("41798880002").placeholders(Map.of("name", "Bo"))).execute();
        assertThat(voice.getCallStatus()).isEqualTo("PENDING_ACCEPTED");
        String voicePin = realm.lastPinSentTo("41798880002");
        assertThat(tfa.resendTfaPinCodeOverVoice(voice.getPinId(), new TfaResendPinRequest().placeholders(Map.of("name", "Bo")))
                .execute().getCallStatus()).isEqualTo("PENDING_ACCEPTED");
        assertThat(realm.lastPinSentTo("41798880002")).isEqualTo(voicePin);

        TfaStartEmailAuthenticationResponse email = tfa.send2faPinCodeOverEmail(new TfaStartEmailAuthenticationRequest()
                .applicationId(appId).messageId(emailId).to("ana@example.org")).execute();
        assertThat(email.getEmailStatus().getName()).isEqualTo("PENDING_ACCEPTED");
        String emailPin = realm.lastPinSentTo("ana@example.org");
        assertThat(tfa.resend2faPinCodeOverEmail(email.getPinId(), new TfaResendPinRequestViaEmail()).execute().getPinId())
                .isEqualTo(email.getPinId());
        assertThat(realm.lastPinSentTo("ana@example.org")).as("the email resend carries the same PIN").isEqualTo(emailPin);

        TfaVerifyPinResponse verified = tfa.verifyTfaPhoneNumber(sms.getPinId(), new TfaVerifyPinRequest().pin(firstPin)).execute();
        assertThat(verified.getVerified()).as("the first PIN verifies after two resends").isTrue();
        assertThat(verified.getMsisdn()).isEqualTo("41798880001");
        assertThat(tfa.verifyTfaPhoneNumber(email.getPinId(), new TfaVerifyPinRequest().pin(emailPin)).execute().getVerified())
                .isTrue();

        List<TfaVerification> status = tfa.getTfaVerificationStatus("41798880001", appId).verified(true).sent(true)
                .execute().getVerifications();
        assertThat(status).hasSize(1);
        assertThat(status.get(0).getVerifiedAt()).isNotNull();
        assertAllCallsWentTo(version, 8);
    }

    @ParameterizedTest(name = "v{0}")
    @ValueSource(strings = {"1", "2"})
    void errors_arrive_as_infobip_api_exceptions(String version) {
        TfaApi tfa = tfa(version);
        assertThatThrownBy(() -> tfa.getTfaApplication("0933F3BC087D2A617AC6DCB2EF5B8A61").execute())
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.responseStatusCode()).isEqualTo(404);
                    assertThat(e.details().getMessageId()).isEqualTo("APPLICATION_NOT_FOUND");
                    assertThat(e.details().getText()).isEqualTo("Application with given id cannot be found.");
                });
        assertThatThrownBy(() -> tfa.createTfaApplication(new TfaApplicationRequest()).execute())
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.responseStatusCode()).isEqualTo(400);
                    assertThat(e.details().getText()).isEqualTo("[name : may not be null]");
                });
        assertThatThrownBy(() -> tfa.updateTfaApplication("0933F3BC087D2A617AC6DCB2EF5B8A61",
                new TfaApplicationRequest().name("x")).execute())
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.responseStatusCode()).isEqualTo(404));
    }
}
