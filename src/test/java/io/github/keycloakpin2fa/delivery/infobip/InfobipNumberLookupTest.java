package io.github.keycloakpin2fa.delivery.infobip;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.github.keycloakpin2fa.delivery.SecretResolver;
import io.github.keycloakpin2fa.delivery.http.ApacheHttpTransport;
import io.github.keycloakpin2fa.delivery.http.HttpSettings;
import io.github.keycloakpin2fa.delivery.http.RecordingSleeper;
import io.github.keycloakpin2fa.delivery.http.RetryingSender;
import io.github.keycloakpin2fa.delivery.lookup.Reachability;
import java.time.Duration;
import org.apache.http.impl.client.HttpClients;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Infobip's synchronous Number Lookup, POST /number/1/query. */
class InfobipNumberLookupTest {

    WireMockServer vendor;

    @BeforeEach
    void start() {
        vendor = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        vendor.start();
    }

    @AfterEach
    void stop() {
        vendor.stop();
    }

    Reachability lookup(String result) {
        vendor.stubFor(post(urlEqualTo("/number/1/query")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"results\": [" + result + "]}")));
        RecordingSleeper sleeper = new RecordingSleeper();
        return new InfobipNumberLookup(new InfobipSettings(vendor.baseUrl(), "lookup-key", null,
                new HttpSettings(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4), 2)), SecretResolver.plain(),
                new RetryingSender(new ApacheHttpTransport(HttpClients.createDefault()), HttpSettings.DEFAULTS, "t", sleeper::nanoTime, sleeper))
                .lookup("41793026727");
    }

    @Test
    void a_number_delivered_to_its_handset_is_reachable_and_the_request_is_the_documented_one() {
        Reachability result = lookup("""
                {"to": "41793026727", "mccMnc": "22801", "imsi": "228012120181810",
                 "originalNetwork": {"networkPrefix": "79", "countryPrefix": "41"}, "ported": false, "roaming": false,
                 "status": {"groupId": 3, "groupName": "DELIVERED", "id": 5, "name": "DELIVERED_TO_HANDSET"},
                 "error": {"groupId": 0, "groupName": "OK", "id": 0, "name": "NO_ERROR", "permanent": false}}""");

        assertThat(result).isEqualTo(Reachability.REACHABLE);
        vendor.verify(postRequestedFor(urlEqualTo("/number/1/query")).withHeader("Authorization", equalTo("App lookup-key"))
                .withRequestBody(equalToJson("{\"to\": [\"41793026727\"]}")));
    }

    @Test
    void a_permanent_error_is_not_reachable_and_an_absent_subscriber_unknown() {
        assertThat(lookup("""
                {"to": "41793026727", "status": {"groupId": 2, "groupName": "UNDELIVERABLE", "id": 9},
                 "error": {"groupId": 1, "groupName": "HANDSET_ERRORS", "id": 1, "name": "EC_UNKNOWN_SUBSCRIBER", "permanent": true}}"""))
                .isEqualTo(Reachability.NOT_REACHABLE);
        vendor.resetAll();
        assertThat(lookup("""
                {"to": "41793026727", "status": {"groupId": 2, "groupName": "UNDELIVERABLE", "id": 9},
                 "error": {"groupId": 1, "groupName": "HANDSET_ERRORS", "id": 27, "name": "EC_ABSENT_SUBSCRIBER", "permanent": false}}"""))
                .isEqualTo(Reachability.UNKNOWN);
    }

    @Test
    void a_failing_lookup_is_unknown_so_the_sms_still_goes_out() {
        vendor.stubFor(post(urlEqualTo("/number/1/query")).willReturn(aResponse().withStatus(401).withBody(
                "{\"requestError\": {\"serviceException\": {\"messageId\": \"UNAUTHORIZED\", \"text\": \"Invalid login details\"}}}")));
        RecordingSleeper sleeper = new RecordingSleeper();

        Reachability result = new InfobipNumberLookup(new InfobipSettings(vendor.baseUrl(), "bad", null, HttpSettings.DEFAULTS),
                SecretResolver.plain(), new RetryingSender(new ApacheHttpTransport(HttpClients.createDefault()), HttpSettings.DEFAULTS,
                        "t", sleeper::nanoTime, sleeper)).lookup("41793026727");

        assertThat(result).isEqualTo(Reachability.UNKNOWN);
    }
}
