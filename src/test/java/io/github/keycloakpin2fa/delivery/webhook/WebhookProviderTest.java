package io.github.keycloakpin2fa.delivery.webhook;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import io.github.keycloakpin2fa.delivery.Channel;
import io.github.keycloakpin2fa.delivery.DeliveryResult;
import io.github.keycloakpin2fa.delivery.OutgoingMessage;
import io.github.keycloakpin2fa.delivery.OutgoingMessage.VoiceSettings;
import io.github.keycloakpin2fa.delivery.http.RetryingSender;
import io.github.keycloakpin2fa.delivery.http.VendorContract;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The generic webhook: configured method, headers with vault parts, and an escaped body template. */
class WebhookProviderTest extends VendorContract {

    static final OutgoingMessage TRICKY = new OutgoingMessage(Channel.VOICE, "41793026727", null,
            "Say \"4821\" & press\n#", new VoiceSettings("de", null, 1, null), "4821");

    @Override
    protected String path() {
        return "/hooks/pin";
    }

    @Override
    protected DeliveryResult deliver(String baseUrl, RetryingSender sender) {
        return deliver(baseUrl, sender, BodyTemplate.of(BodyTemplate.Format.JSON, null), message());
    }

    DeliveryResult deliver(String baseUrl, RetryingSender sender, BodyTemplate body, OutgoingMessage message) {
        WebhookSettings settings = new WebhookSettings(baseUrl + "/hooks/pin", "PUT",
                Map.of("Authorization", "Bearer ${vault.hook-token}"), body, SETTINGS);
        return new WebhookProvider(settings,
                configured -> configured.equals("${vault.hook-token}") ? Optional.of("s3cret") : Optional.empty(), sender)
                .deliver(message);
    }

    @Override
    protected String errorBody(int status) {
        return "{\"error\": \"status " + status + "\"}";
    }

    @Override
    protected ResponseDefinitionBuilder accepted() {
        return aResponse().withStatus(202).withHeader("X-Message-Id", "hook-77");
    }

    @Test
    void sends_the_default_json_body_with_the_header_secret_from_the_vault() {
        vendor.stubFor(put(urlEqualTo("/hooks/pin")).willReturn(accepted()));

        DeliveryResult result = deliver();

        vendor.verify(putRequestedFor(urlEqualTo("/hooks/pin"))
                .withHeader("Authorization", equalTo("Bearer s3cret"))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalToJson("""
                        {"channel": "SMS", "to": "41793026727", "from": "InfoSMS", "text": "Your pin is 4821"}""")));
        assertThat(result).isEqualTo(DeliveryResult.accepted("hook-77"));
    }

    @Test
    void a_json_template_gets_complete_escaped_literals() {
        vendor.stubFor(put(urlEqualTo("/hooks/pin")).willReturn(accepted()));

        deliver(vendor.baseUrl(), sender(), BodyTemplate.of(BodyTemplate.Format.JSON,
                "{\"msisdn\": {{to}}, \"sender\": {{from}}, \"body\": {{text}}, \"lang\": {{language}}, \"code\": {{pin}}}"), TRICKY);

        vendor.verify(putRequestedFor(urlEqualTo("/hooks/pin")).withRequestBody(equalToJson("""
                {"msisdn": "41793026727", "sender": null, "body": "Say \\"4821\\" & press\\n#", "lang": "de", "code": "4821"}""")));
    }

    @Test
    void a_form_template_gets_url_encoded_values() {
        vendor.stubFor(put(urlEqualTo("/hooks/pin")).willReturn(accepted()));

        deliver(vendor.baseUrl(), sender(), BodyTemplate.of(BodyTemplate.Format.FORM, "to={{to}}&msg={{text}}&from={{from}}"), TRICKY);

        vendor.verify(putRequestedFor(urlEqualTo("/hooks/pin"))
                .withHeader("Content-Type", equalTo("application/x-www-form-urlencoded"))
                .withRequestBody(equalTo("to=41793026727&msg=Say+%224821%22+%26+press%0A%23&from=")));
    }
}
