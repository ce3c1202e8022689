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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A service written with Infobip's official Java client uses Keycloak as its 2FA server: the only
 * change is an OkHttp interceptor that puts {@code /realms/{realm}} in front of the client's
 * {@code /2fa/...} paths. Every {@link TfaApi} operation is driven here.
 */
@RealKeycloak
class InfobipJavaClientIT {

    private TwoFactorApi realm;
    private TfaApi tfa;

    @BeforeEach
    void aServiceConfiguredForKeycloak(KeycloakServer keycloak) {
        realm = TwoFactorApi.newRealmWithKey(keycloak, "client", "2fa:manage");
        tfa = new TfaApi(ApiClient.forApiKey(ApiKey.from(realm.authorization().substring("App ".length())))
                .withBaseUrl(BaseUrl.from(keycloak.baseUrl()))
                .withHttpClient(realmPrefixing(realm.realm()))
                .build());
    }

    /** The one line of setup a service needs: {@code /2fa/...} becomes {@code /realms/{realm}/2fa/...}. */
    static OkHttpClient realmPrefixing(String realmName) {
        return new OkHttpClient.Builder().addInterceptor(chain -> {
            HttpUrl url = chain.request().url();
            HttpUrl inRealm = url.newBuilder().encodedPath("/realms/" + realmName + url.encodedPath()).build();
            return chain.proceed(chain.request().newBuilder().url(inRealm).build());
        }).build();
    }

    @Test
    void applications_and_templates_are_managed_with_the_client() throws ApiException {
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
        TfaMessage changed = tfa.updateTfaMessageTemplate(appId, messageId, new TfaUpdateMessageRequest()
                .pinType(TfaPinType.ALPHANUMERIC).messageText("Code {{pin}}").pinLength(8)).execute();
        assertThat(changed.getPinType()).isEqualTo(TfaPinType.ALPHANUMERIC);

        TfaEmailMessage email = tfa.createTfaEmailMessageTemplate(appId, new TfaCreateEmailMessageRequest()
                .emailTemplateId(42L).pinType(TfaPinType.NUMERIC).pinLength(6)).execute();
        assertThat(email.getEmailTemplateId()).isEqualTo(42L);
        TfaEmailMessage emailChanged = tfa.updateTfaEmailMessageTemplate(appId, email.getMessageId(),
                new TfaUpdateEmailMessageRequest().emailTemplateId(43L).pinLength(8)).execute();
        assertThat(emailChanged.getEmailTemplateId()).isEqualTo(43L);
        assertThat(tfa.getTfaMessageTemplates(appId).execute()).extracting(TfaMessage::getMessageId)
                .containsExactly(messageId, email.getMessageId());
    }

    @Test
    void pins_are_sent_resent_and_verified_over_sms_voice_and_email_with_the_client() throws ApiException {
        String appId = tfa.createTfaApplication(new TfaApplicationRequest().name("Pins")
                ._configuration(new TfaApplicationConfiguration().verifyPinLimit("10/1s"))).execute().getApplicationId();
        String messageId = tfa.createTfaMessageTemplate(appId, new TfaCreateMessageRequest().pinType(TfaPinType.NUMERIC)
                .messageText("Hello {{name}}, your PIN is {{pin}}").pinLength(6)).execute().getMessageId();
        String emailId = tfa.createTfaEmailMessageTemplate(appId, new TfaCreateEmailMessageRequest().emailTemplateId(1L))
                .execute().getMessageId();

        TfaStartAuthenticationResponse sms = tfa.sendTfaPinCodeOverSms(new TfaStartAuthenticationRequest()
                .applicationId(appId).messageId(messageId).to("41798880001").placeholders(Map.of("name", "Ana")))
                .ncNeeded(true).execute();
        assertThat(sms.getSmsStatus()).isEqualTo("MESSAGE_SENT");
        assertThat(sms.getNcStatus()).as("a valid number; only the network knows more").isEqualTo("NC_DESTINATION_UNKNOWN");
        String firstPin = realm.lastPinSentTo("41798880001");
        TfaStartAuthenticationResponse resent = tfa.resendTfaPinCodeOverSms(sms.getPinId(),
                new TfaResendPinRequest().placeholders(Map.of("name", "Ana"))).execute();
        assertThat(resent.getPinId()).isEqualTo(sms.getPinId());
        TfaStartAuthenticationResponse voice = tfa.sendTfaPinCodeOverVoice(new TfaStartAuthenticationRequest()
                .applicationId(appId).messageId(messageId).to("41798880002").placeholders(Map.of("name", "Bo"))).execute();
        assertThat(voice.getCallStatus()).isEqualTo("PENDING_ACCEPTED");
        assertThat(tfa.resendTfaPinCodeOverVoice(voice.getPinId(), new TfaResendPinRequest().placeholders(Map.of("name", "Bo")))
                .execute().getCallStatus()).isEqualTo("PENDING_ACCEPTED");
        TfaStartEmailAuthenticationResponse email = tfa.send2faPinCodeOverEmail(new TfaStartEmailAuthenticationRequest()
                .applicationId(appId).messageId(emailId).to("ana@example.org")).execute();
        assertThat(email.getEmailStatus().getName()).isEqualTo("PENDING_ACCEPTED");
        assertThat(tfa.resend2faPinCodeOverEmail(email.getPinId(), new TfaResendPinRequestViaEmail()).execute().getPinId())
                .isEqualTo(email.getPinId());

        assertThat(realm.lastPinSentTo("41798880001")).as("the resend sent the same PIN").isEqualTo(firstPin);
        TfaVerifyPinResponse verified = tfa.verifyTfaPhoneNumber(sms.getPinId(), new TfaVerifyPinRequest().pin(firstPin)).execute();
        assertThat(verified.getVerified()).isTrue();
        assertThat(verified.getMsisdn()).isEqualTo("41798880001");
        TfaVerifyPinResponse emailVerified = tfa.verifyTfaPhoneNumber(email.getPinId(),
                new TfaVerifyPinRequest().pin(realm.lastPinSentTo("ana@example.org"))).execute();
        assertThat(emailVerified.getVerified()).isTrue();

        List<TfaVerification> status = tfa.getTfaVerificationStatus("41798880001", appId).verified(true).sent(true)
                .execute().getVerifications();
        assertThat(status).hasSize(1);
        assertThat(status.get(0).getVerifiedAt()).isNotNull();
    }

    @Test
    void errors_arrive_as_infobip_api_exceptions() {
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
    }
}
