package io.github.keycloakpin2fa.delivery.twilio;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.github.keycloakpin2fa.delivery.Channel;
import io.github.keycloakpin2fa.delivery.DeliveryResult;
import io.github.keycloakpin2fa.delivery.OutgoingMessage;
import io.github.keycloakpin2fa.delivery.OutgoingMessage.VoiceSettings;
import io.github.keycloakpin2fa.delivery.SecretResolver;
import io.github.keycloakpin2fa.delivery.http.RetryingSender;
import io.github.keycloakpin2fa.delivery.http.VendorContract;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Twilio's Calls resource with inline TwiML. */
class TwilioVoiceProviderTest extends VendorContract {

    static final String PATH = "/2010-04-01/Accounts/" + TwilioSmsProviderTest.SID + "/Calls.json";
    static final OutgoingMessage CALL = new OutgoingMessage(Channel.VOICE, "41793026727", null,
            "Votre code est 4821.", new VoiceSettings("fr", null, 0.8, "1#"), "4821");

    @Override
    protected OutgoingMessage message() {
        return CALL;
    }

    @Override
    protected String path() {
        return PATH;
    }

    @Override
    protected DeliveryResult deliver(String baseUrl, RetryingSender sender) {
        return new TwilioVoiceProvider(TwilioSmsProviderTest.settings(baseUrl, "+15005550006", null, "Polly.Celine", SETTINGS),
                SecretResolver.plain(), sender).deliver(message());
    }

    @Override
    protected String errorBody(int status) {
        return TwilioSmsProviderTest.twilioError(status);
    }

    @Override
    protected ResponseDefinitionBuilder accepted() {
        return aResponse().withStatus(201).withHeader("Content-Type", "application/json").withBody("""
                {"sid": "CAe1644a7eed5088b159577c5802d8be38", "to": "+41793026727", "from": "+15005550006",
                 "status": "queued", "direction": "outbound-api", "api_version": "2010-04-01"}""");
    }

    @Test
    void calls_with_twiml_that_says_the_pin_slowly_digit_by_digit_twice_in_the_templates_language() {
        vendor.stubFor(post(urlEqualTo(PATH)).willReturn(accepted()));

        DeliveryResult result = deliver();

        LoggedRequest request = vendor.findAll(postRequestedFor(urlEqualTo(PATH))).get(0);
        Map<String, String> form = Arrays.stream(request.getBodyAsString().split("&")).map(p -> p.split("=", 2))
                .collect(Collectors.toMap(p -> p[0], p -> URLDecoder.decode(p[1], StandardCharsets.UTF_8)));
        assertThat(form).containsEntry("To", "+41793026727").containsEntry("From", "+15005550006");
        String say = "<Say language=\"fr-FR\" voice=\"Polly.Celine\"><prosody rate=\"80%\">";
        String once = say + "Votre code est</prosody></Say>"
                + say + "4</prosody></Say><Pause length=\"1\"/>" + say + "8</prosody></Say><Pause length=\"1\"/>"
                + say + "2</prosody></Say><Pause length=\"1\"/>" + say + "1</prosody></Say><Pause length=\"1\"/>"
                + say + ".</prosody></Say>";
        assertThat(form.get("Twiml")).isEqualTo("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response>"
                + once + "<Pause length=\"1\"/>" + once + "</Response>");
        assertThat(result).isEqualTo(DeliveryResult.accepted("CAe1644a7eed5088b159577c5802d8be38"));
    }

    @Test
    void text_is_escaped_for_xml() {
        assertThat(TwiML.pinCall(new OutgoingMessage(Channel.VOICE, "41793026727", null, "<b>&\"{{x}}</b> 12", null, "12"), null, 1))
                .isEqualTo("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Say language=\"en-US\">&lt;b&gt;&amp;&quot;{{x}}&lt;/b&gt;</Say>"
                        + "<Say language=\"en-US\">1</Say><Pause length=\"1\"/><Say language=\"en-US\">2</Say><Pause length=\"1\"/></Response>");
    }

    private Map<String, String> formOf(OutgoingMessage message, String configuredFrom) {
        vendor.resetAll();
        vendor.stubFor(post(urlEqualTo(PATH)).willReturn(accepted()));
        new TwilioVoiceProvider(TwilioSmsProviderTest.settings(vendor.baseUrl(), configuredFrom, null, null, SETTINGS),
                SecretResolver.plain(), sender()).deliver(message);
        LoggedRequest request = vendor.findAll(postRequestedFor(urlEqualTo(PATH))).get(0);
        return Arrays.stream(request.getBodyAsString().split("&")).map(p -> p.split("=", 2))
                .collect(Collectors.toMap(p -> p[0], p -> URLDecoder.decode(p[1], StandardCharsets.UTF_8)));
    }

    private static OutgoingMessage call(String requestFrom, String templateSender) {
        return new OutgoingMessage(Channel.VOICE, "41793026727", requestFrom, templateSender, "Code 4821", null, "4821", null);
    }

    @Test
    void the_requests_caller_number_wins_over_the_configured_one() {
        assertThat(formOf(call("41793012321", null), "+15005550006")).containsEntry("From", "+41793012321");
        assertThat(formOf(call("+41793012321", "Shop"), "+15005550006")).containsEntry("From", "+41793012321");
    }

    @Test
    void a_from_that_is_not_a_number_cannot_call_so_the_configured_number_calls() {
        assertThat(formOf(call("InfoSMS", null), "+15005550006")).containsEntry("From", "+15005550006");
        assertThat(formOf(call(null, "Shop"), "+15005550006")).containsEntry("From", "+15005550006");
    }
}
