package io.github.keycloakpin2fa.delivery.infobip;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import io.github.keycloakpin2fa.delivery.Channel;
import io.github.keycloakpin2fa.delivery.DeliveryResult;
import io.github.keycloakpin2fa.delivery.DeliveryStatus;
import io.github.keycloakpin2fa.delivery.OutgoingMessage;
import io.github.keycloakpin2fa.delivery.SecretResolver;
import io.github.keycloakpin2fa.delivery.http.RetryingSender;
import io.github.keycloakpin2fa.delivery.http.VendorContract;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Infobip's SMS API v3 as its documentation and official client describe it. */
class InfobipSmsProviderTest extends VendorContract {

    static final String ACCEPTED = """
            {"bulkId": "2034072219640523072", "messages": [{"messageId": "2250be2d4219-3af1-78856-aabe-1362af1edfd2",
             "status": {"groupId": 1, "groupName": "PENDING", "id": 26, "name": "PENDING_ACCEPTED",
             "description": "Message sent to next instance"}, "destination": "41793026727"}]}""";

    @Override
    protected String path() {
        return "/sms/3/messages";
    }

    @Override
    protected DeliveryResult deliver(String baseUrl, RetryingSender sender) {
        return provider(baseUrl, SecretResolver.plain(), sender).deliver(message());
    }

    InfobipSmsProvider provider(String baseUrl, SecretResolver secrets, RetryingSender sender) {
        return new InfobipSmsProvider(new InfobipSettings(baseUrl, "test-api-key", "DefaultSender", SETTINGS), secrets, sender);
    }

    @Override
    protected String errorBody(int status) {
        return switch (status) {
            case 400 -> """
                    {"errorCode": "E400", "description": "Request cannot be processed.", "action": "Check the syntax.",
                     "violations": [{"property": "messages[0].destinations[0].to", "violation": "must not be blank"}],
                     "resources": []}""";
            case 401 -> """
                    {"requestError": {"serviceException": {"messageId": "UNAUTHORIZED", "text": "Invalid login details"}}}""";
            case 429 -> """
                    {"requestError": {"serviceException": {"messageId": "TOO_MANY_REQUESTS", "text": "Too many requests"}}}""";
            default -> """
                    {"requestError": {"serviceException": {"messageId": "GENERAL_ERROR", "text": "Something went wrong."}}}""";
        };
    }

    @Override
    protected ResponseDefinitionBuilder accepted() {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(ACCEPTED);
    }

    @Test
    void sends_the_documented_request_with_the_api_key_as_app_authorization() {
        vendor.stubFor(post(urlEqualTo("/sms/3/messages")).willReturn(accepted()));

        DeliveryResult result = deliver();

        vendor.verify(postRequestedFor(urlEqualTo("/sms/3/messages"))
                .withHeader("Authorization", equalTo("App test-api-key"))
                .withHeader("Content-Type", equalTo("application/json"))
                .withHeader("Accept", equalTo("application/json"))
                .withRequestBody(equalToJson("""
                        {"messages": [{"sender": "InfoSMS", "destinations": [{"to": "41793026727"}],
                                       "content": {"text": "Your pin is 4821"}}]}""")));
        assertThat(result).isEqualTo(DeliveryResult.accepted("2250be2d4219-3af1-78856-aabe-1362af1edfd2"));
    }

    @Test
    void without_a_sender_in_the_message_the_configured_one_is_used() {
        vendor.stubFor(post(urlEqualTo("/sms/3/messages")).willReturn(accepted()));

        provider(vendor.baseUrl(), SecretResolver.plain(), sender())
                .deliver(new OutgoingMessage(Channel.SMS, "41793026727", null, "Your pin is 4821", null, "4821"));

        vendor.verify(postRequestedFor(urlEqualTo("/sms/3/messages")).withRequestBody(equalToJson("""
                {"messages": [{"sender": "DefaultSender", "destinations": [{"to": "41793026727"}],
                               "content": {"text": "Your pin is 4821"}}]}""")));
    }

    @Test
    void a_message_infobip_rejects_in_a_200_is_a_refusal() {
        vendor.stubFor(post(urlEqualTo("/sms/3/messages")).willReturn(aResponse().withStatus(200).withBody("""
                {"bulkId": "1", "messages": [{"messageId": "m-1", "status": {"groupId": 5, "groupName": "REJECTED",
                 "id": 51, "name": "REJECTED_DESTINATION", "description": "Destination blocked"}}]}""")));

        DeliveryResult result = deliver();

        assertThat(result.status()).isEqualTo(DeliveryStatus.REJECTED);
        assertThat(result.detail()).isEqualTo("Infobip status REJECTED_DESTINATION");
    }

    @Test
    void the_reasons_of_both_error_shapes_reach_the_operator() {
        vendor.stubFor(post(urlEqualTo("/sms/3/messages")).willReturn(error(400)));
        assertThat(deliver().detail())
                .isEqualTo("HTTP 400 E400: Request cannot be processed.; messages[0].destinations[0].to must not be blank");
        vendor.resetAll();
        vendor.stubFor(post(urlEqualTo("/sms/3/messages")).willReturn(error(401)));
        assertThat(deliver().detail()).isEqualTo("HTTP 401 UNAUTHORIZED: Invalid login details");
    }

    @Test
    void an_api_key_missing_from_the_vault_sends_nothing() {
        DeliveryResult result = provider(vendor.baseUrl(), configured -> Optional.empty(), sender()).deliver(message());

        assertThat(result.status()).isEqualTo(DeliveryStatus.REJECTED);
        assertThat(result.detail()).contains("vault");
        assertThat(vendor.findAll(anyRequestedFor(anyUrl()))).isEmpty();
    }
}
