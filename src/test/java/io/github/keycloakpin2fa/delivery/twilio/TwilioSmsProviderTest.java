package io.github.keycloakpin2fa.delivery.twilio;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import io.github.keycloakpin2fa.delivery.Channel;
import io.github.keycloakpin2fa.delivery.DeliveryResult;
import io.github.keycloakpin2fa.delivery.OutgoingMessage;
import io.github.keycloakpin2fa.delivery.DeliveryStatus;
import io.github.keycloakpin2fa.delivery.SecretResolver;
import io.github.keycloakpin2fa.delivery.http.HttpSettings;
import io.github.keycloakpin2fa.delivery.http.RetryingSender;
import io.github.keycloakpin2fa.delivery.http.VendorContract;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** Twilio's Messages resource of the 2010-04-01 REST API. */
class TwilioSmsProviderTest extends VendorContract {

    static final String SID = "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    static final String PATH = "/2010-04-01/Accounts/" + SID + "/Messages.json";

    @Override
    protected String path() {
        return PATH;
    }

    @Override
    protected DeliveryResult deliver(String baseUrl, RetryingSender sender) {
        return provider(baseUrl, "+15005550006", null, sender).deliver(message());
    }

    /** The contract's SMS, its sender being the template's: the configured Twilio number wins over that one. */
    static final OutgoingMessage TEMPLATE_SENDER_SMS =
            new OutgoingMessage(Channel.SMS, "41793026727", null, "InfoSMS", "Your pin is 4821", null, "4821", null);

    @Override
    protected OutgoingMessage message() {
        return TEMPLATE_SENDER_SMS;
    }

    static TwilioSmsProvider provider(String baseUrl, String from, String messagingService, RetryingSender sender) {
        return new TwilioSmsProvider(settings(baseUrl, from, messagingService, null, SETTINGS), SecretResolver.plain(), sender);
    }

    static TwilioSettings settings(String baseUrl, String from, String messagingService, String voice, HttpSettings http) {
        return new TwilioSettings(baseUrl, SID, "auth-token", null, from, messagingService, voice, 2, http);
    }

    static String twilioError(int status) {
        return switch (status) {
            case 400 -> """
                    {"code": 21211, "message": "The 'To' number +41793026727 is not a valid phone number.",
                     "more_info": "https://www.twilio.com/docs/errors/21211", "status": 400}""";
            case 401 -> """
                    {"code": 20003, "message": "Authenticate", "more_info": "https://www.twilio.com/docs/errors/20003", "status": 401}""";
            case 429 -> """
                    {"code": 20429, "message": "Too Many Requests", "more_info": "https://www.twilio.com/docs/errors/20429", "status": 429}""";
            default -> """
                    {"code": 20500, "message": "Internal Server Error", "more_info": "https://www.twilio.com/docs/errors/20500",
                     "status": %d}""".formatted(status);
        };
    }

    @Override
    protected String errorBody(int status) {
        return twilioError(status);
    }

    @Override
    protected ResponseDefinitionBuilder accepted() {
        return aResponse().withStatus(201).withHeader("Content-Type", "application/json").withBody("""
                {"sid": "SM1f0e8ae6ade43cb3c0ce4525424e404f", "account_sid": "%s", "to": "+41793026727",
                 "from": "+15005550006", "body": "Your pin is 4821", "status": "queued", "direction": "outbound-api",
                 "api_version": "2010-04-01", "error_code": null, "error_message": null}""".formatted(SID));
    }

    @Test
    void posts_a_form_with_basic_authentication_of_the_account() {
        vendor.stubFor(post(urlEqualTo(PATH)).willReturn(accepted()));

        DeliveryResult result = deliver();

        String basic = Base64.getEncoder().encodeToString((SID + ":auth-token").getBytes());
        vendor.verify(postRequestedFor(urlEqualTo(PATH))
                .withHeader("Authorization", equalTo("Basic " + basic))
                .withHeader("Content-Type", equalTo("application/x-www-form-urlencoded"))
                .withRequestBody(equalTo("To=%2B41793026727&From=%2B15005550006&Body=Your+pin+is+4821")));
        assertThat(result).isEqualTo(DeliveryResult.accepted("SM1f0e8ae6ade43cb3c0ce4525424e404f"));
    }

    @Test
    void a_messaging_service_replaces_the_from_number() {
        vendor.stubFor(post(urlEqualTo(PATH)).willReturn(accepted()));

        provider(vendor.baseUrl(), null, "MGbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", sender()).deliver(message());

        vendor.verify(postRequestedFor(urlEqualTo(PATH)).withRequestBody(
                equalTo("To=%2B41793026727&MessagingServiceSid=MGbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb&Body=Your+pin+is+4821")));
    }

    @Test
    void twilios_error_code_and_message_reach_the_operator() {
        vendor.stubFor(post(urlEqualTo(PATH)).willReturn(error(400)));

        DeliveryResult result = deliver();

        assertThat(result.status()).isEqualTo(DeliveryStatus.REJECTED);
        assertThat(result.detail()).isEqualTo("HTTP 400 Twilio error 21211: The 'To' number +41793026727 is not a valid phone number.");
    }

    private static OutgoingMessage sms(String requestFrom, String templateSender) {
        return new OutgoingMessage(Channel.SMS, "41793026727", requestFrom, templateSender, "Your pin is 4821", null, "4821", null);
    }

    private String formSent() {
        return vendor.findAll(postRequestedFor(urlEqualTo(PATH))).get(0).getBodyAsString();
    }

    @Test
    void the_requests_from_wins_over_the_configured_sender_and_the_templates() {
        vendor.stubFor(post(urlEqualTo(PATH)).willReturn(accepted()));

        provider(vendor.baseUrl(), "+15005550006", null, sender()).deliver(sms("InfoSMS", "Shop"));

        assertThat(formSent()).isEqualTo("To=%2B41793026727&From=InfoSMS&Body=Your+pin+is+4821");
    }

    @Test
    void the_configured_sender_wins_over_the_templates_which_is_used_only_without_one() {
        vendor.stubFor(post(urlEqualTo(PATH)).willReturn(accepted()));

        provider(vendor.baseUrl(), "+15005550006", null, sender()).deliver(sms(null, "Shop"));
        provider(vendor.baseUrl(), null, null, sender()).deliver(sms(null, "Shop"));

        assertThat(vendor.findAll(postRequestedFor(urlEqualTo(PATH)))).extracting(r -> r.getBodyAsString()).containsExactlyInAnyOrder(
                "To=%2B41793026727&From=%2B15005550006&Body=Your+pin+is+4821",
                "To=%2B41793026727&From=Shop&Body=Your+pin+is+4821");
    }

    @Test
    void with_a_messaging_service_the_requests_from_is_sent_too() {
        vendor.stubFor(post(urlEqualTo(PATH)).willReturn(accepted()));

        provider(vendor.baseUrl(), null, "MGbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", sender()).deliver(sms("41793012321", "Shop"));

        assertThat(formSent()).isEqualTo(
                "To=%2B41793026727&MessagingServiceSid=MGbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb&From=%2B41793012321&Body=Your+pin+is+4821");
    }

    @Test
    void a_from_twilio_cannot_send_from_gives_way_to_the_configured_sender() {
        vendor.stubFor(post(urlEqualTo(PATH)).willReturn(accepted()));

        provider(vendor.baseUrl(), "+15005550006", null, sender()).deliver(sms("Infobip 2FA Service", null));

        assertThat(formSent()).as("longer than 11 characters: not an alphanumeric sender id")
                .isEqualTo("To=%2B41793026727&From=%2B15005550006&Body=Your+pin+is+4821");
        assertThat(TwilioSmsProvider.usable("41793012321")).isEqualTo("+41793012321");
        assertThat(TwilioSmsProvider.usable("Shop 24")).isEqualTo("Shop 24");
        assertThat(TwilioSmsProvider.usable("12345")).isNull();
        assertThat(TwilioSmsProvider.usable("Shop-24")).isNull();
    }
}
