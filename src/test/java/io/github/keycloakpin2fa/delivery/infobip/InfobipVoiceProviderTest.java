package io.github.keycloakpin2fa.delivery.infobip;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import io.github.keycloakpin2fa.delivery.Channel;
import io.github.keycloakpin2fa.delivery.DeliveryResult;
import io.github.keycloakpin2fa.delivery.OutgoingMessage;
import io.github.keycloakpin2fa.delivery.OutgoingMessage.VoiceSettings;
import io.github.keycloakpin2fa.delivery.SecretResolver;
import io.github.keycloakpin2fa.delivery.http.RetryingSender;
import io.github.keycloakpin2fa.delivery.http.VendorContract;
import org.junit.jupiter.api.Test;

/** Infobip's voice API: text-to-speech calls through /tts/3/advanced. */
class InfobipVoiceProviderTest extends VendorContract {

    static final OutgoingMessage CALL = new OutgoingMessage(Channel.VOICE, "41793026727", "41793012321",
            "Ihre PIN ist 4821", new VoiceSettings("pt_br", "Vitoria", 0.75, "1#"), "4821");

    @Override
    protected OutgoingMessage message() {
        return CALL;
    }

    @Override
    protected String path() {
        return "/tts/3/advanced";
    }

    @Override
    protected DeliveryResult deliver(String baseUrl, RetryingSender sender) {
        return new InfobipVoiceProvider(new InfobipSettings(baseUrl, "voice-key", null, SETTINGS), SecretResolver.plain(), sender)
                .deliver(message());
    }

    @Override
    protected String errorBody(int status) {
        return new InfobipSmsProviderTest().errorBody(status);
    }

    @Override
    protected ResponseDefinitionBuilder accepted() {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody("""
                {"bulkId": "8c20f086-d82b-48cc-b2b3-3ca5f7aca9fb", "messages": [{"to": "41793026727",
                 "status": {"groupId": 1, "groupName": "PENDING", "id": 26, "name": "PENDING_ACCEPTED",
                 "description": "Message sent to next instance"}, "messageId": "3C67336FA555A606D3C9"}]}""");
    }

    @Test
    void speaks_the_pin_digit_by_digit_in_the_templates_language_voice_rate_and_repeat_key() {
        vendor.stubFor(post(urlEqualTo("/tts/3/advanced")).willReturn(accepted()));

        DeliveryResult result = deliver();

        vendor.verify(postRequestedFor(urlEqualTo("/tts/3/advanced"))
                .withHeader("Authorization", equalTo("App voice-key"))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalToJson("""
                        {"messages": [{"destinations": [{"to": "41793026727"}], "from": "41793012321",
                          "text": "Ihre PIN ist 4 8 2 1", "language": "pt-br", "voice": {"name": "Vitoria"},
                          "speechRate": 0.75, "repeatDtmf": "1#"}]}""")));
        assertThat(result).isEqualTo(DeliveryResult.accepted("3C67336FA555A606D3C9"));
    }
}
