package io.github.keycloakpin2fa.delivery.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.github.keycloakpin2fa.delivery.Channel;
import io.github.keycloakpin2fa.delivery.DeliveryResult;
import io.github.keycloakpin2fa.delivery.DeliveryStatus;
import io.github.keycloakpin2fa.delivery.OutgoingMessage;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClientBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every HTTP vendor's provider does with the failures a vendor can answer, against a
 * WireMock stub of the vendor on loopback. Each provider's test extends this with the vendor's
 * documented paths, success and error bodies, and checks its exact requests itself.
 */
public abstract class VendorContract {

    /**
     * Short timeouts keep the slow-answer test short (two seconds: a JVM's first request may take
     * half of one); eight seconds of budget fit every retry below.
     */
    protected static final HttpSettings SETTINGS =
            new HttpSettings(Duration.ofMillis(1000), Duration.ofMillis(2000), Duration.ofSeconds(8), 3);
    protected static final OutgoingMessage SMS =
            new OutgoingMessage(Channel.SMS, "41793026727", "InfoSMS", "Your pin is 4821", null, "4821");

    protected WireMockServer vendor;
    protected RecordingSleeper sleeper;
    private CloseableHttpClient client;

    /** The path the provider posts to. */
    protected abstract String path();

    /** Sends {@link #message()} through the provider, pointed at {@code baseUrl}. */
    protected abstract DeliveryResult deliver(String baseUrl, RetryingSender sender);

    /** The vendor's documented error body for this status. */
    protected abstract String errorBody(int status);

    /** A documented answer of the vendor that took the message. */
    protected abstract ResponseDefinitionBuilder accepted();

    /** The message this provider carries in the contract's tests. */
    protected OutgoingMessage message() {
        return SMS;
    }

    @BeforeEach
    void startVendor() {
        vendor = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        vendor.start();
        sleeper = new RecordingSleeper();
        client = HttpClientBuilder.create().build();
    }

    @AfterEach
    void stopVendor() throws IOException {
        vendor.stop();
        client.close();
    }

    protected RetryingSender sender() {
        return new RetryingSender(new ApacheHttpTransport(client), SETTINGS, "test", sleeper::nanoTime, sleeper);
    }

    protected DeliveryResult deliver() {
        return deliver(vendor.baseUrl(), sender());
    }

    protected ResponseDefinitionBuilder error(int status) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(errorBody(status));
    }

    private int requests() {
        return vendor.findAll(anyRequestedFor(urlPathEqualTo(path()))).size();
    }

    @Test
    void an_accepted_message_is_accepted_with_the_vendors_id() {
        vendor.stubFor(any(urlPathEqualTo(path())).willReturn(accepted()));

        DeliveryResult result = deliver();

        assertThat(result.status()).isEqualTo(DeliveryStatus.ACCEPTED);
        assertThat(result.vendorMessageId()).isNotBlank();
    }

    @Test
    void a_400_is_a_refusal_with_the_vendors_reason_and_is_not_retried() {
        vendor.stubFor(any(urlPathEqualTo(path())).willReturn(error(400)));

        DeliveryResult result = deliver();

        assertThat(result.status()).isEqualTo(DeliveryStatus.REJECTED);
        assertThat(result.detail()).startsWith("HTTP 400").doesNotContain("4821");
        assertThat(requests()).isEqualTo(1);
    }

    @Test
    void a_401_is_a_refusal_and_is_not_retried() {
        vendor.stubFor(any(urlPathEqualTo(path())).willReturn(error(401)));

        DeliveryResult result = deliver();

        assertThat(result.status()).isEqualTo(DeliveryStatus.REJECTED);
        assertThat(result.detail()).startsWith("HTTP 401");
        assertThat(requests()).isEqualTo(1);
    }

    @Test
    void a_429_is_retried_after_the_retry_after_the_vendor_asked_for() {
        vendor.stubFor(any(urlPathEqualTo(path())).inScenario("rate").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(error(429).withHeader("Retry-After", "2")).willSetStateTo("calm"));
        vendor.stubFor(any(urlPathEqualTo(path())).inScenario("rate").whenScenarioStateIs("calm").willReturn(accepted()));

        DeliveryResult result = deliver();

        assertThat(result.status()).isEqualTo(DeliveryStatus.ACCEPTED);
        assertThat(sleeper.waits()).containsExactly(Duration.ofSeconds(2));
        assertThat(requests()).isEqualTo(2);
    }

    @Test
    void a_429_whose_retry_after_passes_the_budget_is_a_refusal_at_once() {
        vendor.stubFor(any(urlPathEqualTo(path())).willReturn(error(429).withHeader("Retry-After", "60")));

        DeliveryResult result = deliver();

        assertThat(result.status()).isEqualTo(DeliveryStatus.REJECTED);
        assertThat(result.detail()).startsWith("HTTP 429");
        assertThat(sleeper.waits()).isEmpty();
        assertThat(requests()).isEqualTo(1);
    }

    @Test
    void a_500_is_a_refusal_and_is_not_retried_since_the_vendor_may_have_acted() {
        vendor.stubFor(any(urlPathEqualTo(path())).willReturn(error(500)));

        DeliveryResult result = deliver();

        assertThat(result.status()).isEqualTo(DeliveryStatus.REJECTED);
        assertThat(result.detail()).startsWith("HTTP 500");
        assertThat(requests()).isEqualTo(1);
    }

    @Test
    void an_answer_slower_than_the_read_timeout_is_unknown_and_never_sent_again() {
        vendor.stubFor(any(urlPathEqualTo(path())).willReturn(accepted().withFixedDelay(3500)));

        DeliveryResult result = deliver();

        assertThat(result.status()).isEqualTo(DeliveryStatus.UNKNOWN);
        assertThat(result.detail()).contains("SocketTimeoutException");
        assertThat(requests()).isEqualTo(1);
    }

    @Test
    void a_refused_connection_is_retried_with_back_off_then_refused() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }

        DeliveryResult result = deliver("http://127.0.0.1:" + closedPort, sender());

        assertThat(result.status()).isEqualTo(DeliveryStatus.REJECTED);
        assertThat(result.detail()).contains("not sent");
        assertThat(sleeper.waits()).containsExactly(Duration.ofMillis(250), Duration.ofMillis(500));
    }
}
