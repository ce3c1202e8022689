package io.github.keycloakpin2fa.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.github.keycloakpin2fa.testing.KeycloakServer;
import io.github.keycloakpin2fa.testing.MetricsScrape;
import io.github.keycloakpin2fa.testing.RealKeycloak;
import io.github.keycloakpin2fa.testing.RealmSettings;
import io.github.keycloakpin2fa.testing.TwoFactorApi;
import io.github.keycloakpin2fa.testing.VendorStubs;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Not a test: real traffic for the Grafana dashboard's picture. Two applications send PINs
 * through Infobip and Twilio stubs (with network-like delays); "login" behaves, "signup" is
 * pumped halfway through (many sends, few verifications, limits refusing). Keycloak's metrics
 * endpoint is scraped every 5 seconds into {@code target/dashboard-scrapes/}, from which
 * {@code docs/grafana/render.py} draws the dashboard's panels. Runs only with
 * {@code -Ddashboard.traffic=true} (see docs/grafana/README.md).
 */
@RealKeycloak
@EnabledIfSystemProperty(named = "dashboard.traffic", matches = "true")
class DashboardTrafficIT {

    private static final Duration LENGTH = Duration.ofSeconds(150);
    private static final Pattern TWILIO_TO = Pattern.compile("To=([^&]+)");
    private static final Pattern TWILIO_BODY = Pattern.compile("Body=([^&]+)");
    private final Random random = new Random(42);

    @Test
    void generate_traffic_and_scrape(KeycloakServer keycloak) throws Exception {
        Path out = Path.of("target/dashboard-scrapes");
        Files.createDirectories(out);
        try (var files = Files.list(out)) {
            for (Path old : files.toList()) {
                Files.delete(old);
            }
        }
        WireMockServer infobip = VendorStubs.start(VendorStubs.INFOBIP_PORT);
        WireMockServer twilio = VendorStubs.start(VendorStubs.TWILIO_PORT);
        ScheduledExecutorService scraper = Executors.newSingleThreadScheduledExecutor();
        try {
            infobip.stubFor(post(urlEqualTo("/sms/3/messages")).atPriority(5).willReturn(aResponse().withStatus(200)
                    .withLogNormalRandomDelay(140, 0.35).withBody("""
                    {"messages": [{"messageId": "s-1", "status": {"groupName": "PENDING", "name": "PENDING_ACCEPTED"}}]}""")));
            // Infobip refuses numbers ending in 7; the chain then tries Twilio.
            infobip.stubFor(post(urlEqualTo("/sms/3/messages")).atPriority(1)
                    .withRequestBody(matchingJsonPath("$.messages[0].destinations[0].to", WireMock.matching(".*7$")))
                    .willReturn(aResponse().withStatus(400).withFixedDelay(60).withBody("""
                    {"requestError": {"serviceException": {"messageId": "BAD_REQUEST", "text": "Bad request"}}}""")));
            twilio.stubFor(post(WireMock.urlMatching("/2010-04-01/Accounts/.*/Messages.json")).willReturn(aResponse().withStatus(201)
                    .withLogNormalRandomDelay(320, 0.3).withBody("{\"sid\": \"SM1\"}")));

            RealmSettings.ensureRealm(keycloak, VendorStubs.REALM);
            RealmSettings.setAttributes(keycloak, VendorStubs.REALM, Map.of("pin2fa.delivery.sms", "infobip-sms,twilio-sms"));
            TwoFactorApi api = TwoFactorApi.withNewKey(keycloak, VendorStubs.REALM, "2fa:manage");
            String login = api.createApplication("""
                    {"name": "login", "configuration": {"pinAttempts": 3, "verifyPinLimit": "10/1m", "sendPinPerPhoneNumberLimit": "10/1d"}}""");
            String loginTemplate = api.createTemplate(login, "{\"pinType\": \"NUMERIC\", \"messageText\": \"Code {{pin}}\", \"pinLength\": 6}");
            String signup = api.createApplication("""
                    {"name": "signup", "configuration": {"pinAttempts": 3, "sendPinPerPhoneNumberLimit": "2/1d"}}""");
            String signupTemplate = api.createTemplate(signup, "{\"pinType\": \"NUMERIC\", \"messageText\": \"Code {{pin}}\", \"pinLength\": 6}");

            scraper.scheduleAtFixedRate(() -> {
                try {
                    Files.writeString(out.resolve(System.currentTimeMillis() + ".prom"), MetricsScrape.of(keycloak).text());
                } catch (IOException | RuntimeException e) {
                    System.err.println("scrape failed: " + e);
                }
            }, 0, 5, TimeUnit.SECONDS);

            Instant start = Instant.now();
            Instant end = start.plus(LENGTH);
            Instant attack = start.plus(LENGTH.dividedBy(2));
            int n = 0;
            while (Instant.now().isBefore(end)) {
                n++;
                String number = "4179" + String.format("%07d", random.nextInt(10_000_000));
                person(api, infobip, twilio, login, loginTemplate, number, 0.88);
                if (n % 3 == 0) {
                    person(api, infobip, twilio, signup, signupTemplate, "4178" + String.format("%07d", random.nextInt(10_000_000)), 0.8);
                }
                if (Instant.now().isAfter(attack)) {
                    for (int i = 0; i < 3; i++) { // pumping: premium-looking ranges, repeated numbers, few verifications
                        String target = "4176" + String.format("%07d", random.nextInt(40));
                        HttpSendResult sent = send(api, signup, signupTemplate, target);
                        if (sent.pinId() != null && random.nextDouble() < 0.3) {
                            api.verify(sent.pinId(), "000000");
                            api.verify(sent.pinId(), "000001");
                        }
                    }
                }
            }
            Thread.sleep(6000); // one more scrape after the last request
        } finally {
            scraper.shutdownNow();
            infobip.stop();
            twilio.stop();
        }
        try (var files = Files.list(out)) {
            assertThat(files.count()).as("scrapes").isGreaterThan(20);
        }
    }

    private record HttpSendResult(String pinId) {
    }

    private static HttpSendResult send(TwoFactorApi api, String app, String template, String to) {
        var response = api.post("/2/pin?ncNeeded=false", """
                {"applicationId": "%s", "messageId": "%s", "to": "%s"}""".formatted(app, template, to));
        return new HttpSendResult(response.statusCode() == 200 ? KeycloakServer.json(response.body()).get("pinId").asText() : null);
    }

    /** Someone who asks for a PIN and, with the given probability, types it (sometimes after a typo). */
    private void person(TwoFactorApi api, WireMockServer infobip, WireMockServer twilio, String app, String template, String number,
            double converts) {
        HttpSendResult sent = send(api, app, template, number);
        if (sent.pinId() == null || random.nextDouble() > converts) {
            return;
        }
        String pin = pinSentTo(infobip, twilio, number);
        if (pin == null) {
            return;
        }
        if (random.nextDouble() < 0.12) {
            api.verify(sent.pinId(), pin.equals("123456") ? "654321" : "123456");
        }
        api.verify(sent.pinId(), pin);
    }

    /** The PIN of the newest message to {@code number} that either stub received. */
    private static String pinSentTo(WireMockServer infobip, WireMockServer twilio, String number) {
        for (ServeEvent event : infobip.getAllServeEvents()) {
            JsonNode body = KeycloakServer.json(event.getRequest().getBodyAsString());
            JsonNode message = body.path("messages").path(0);
            if (number.equals(message.path("destinations").path(0).path("to").asText()) && event.getResponse().getStatus() == 200) {
                return lastWord(message.path("content").path("text").asText());
            }
        }
        for (ServeEvent event : twilio.getAllServeEvents()) {
            String form = event.getRequest().getBodyAsString();
            Matcher to = TWILIO_TO.matcher(form);
            Matcher text = TWILIO_BODY.matcher(form);
            if (to.find() && text.find() && URLDecoder.decode(to.group(1), StandardCharsets.UTF_8).endsWith(number)) {
                return lastWord(URLDecoder.decode(text.group(1), StandardCharsets.UTF_8));
            }
        }
        return null;
    }

    private static String lastWord(String text) {
        return text.substring(text.lastIndexOf(' ') + 1);
    }
}
