package io.github.keycloakpin2fa.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.github.keycloakpin2fa.it.browser.DemoUsers;
import io.github.keycloakpin2fa.testing.AccountConsoleLogin;
import io.github.keycloakpin2fa.testing.KeycloakServer;
import io.github.keycloakpin2fa.testing.OwnKeycloak;
import io.github.keycloakpin2fa.testing.Parallel;
import io.github.keycloakpin2fa.testing.PinRealms;
import io.github.keycloakpin2fa.testing.RealmSettings;
import io.github.keycloakpin2fa.testing.TwoFactorApi;
import io.github.keycloakpin2fa.testing.VendorStubs;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Pool starvation: a Keycloak whose database pool has 2 connections answers 8 requests at once,
 * each within 5 seconds. A request that held one connection (or a PIN's row lock, which makes
 * the others wait with theirs) while it waited for a second would stall: with 2 connections and
 * 8 requests, two such requests each hold one and wait for the other until the pool gives up.
 * Logins waiting on a slow gateway hold no connection either. Its own server (the shared one keeps
 * Keycloak's default pool), on the shared server's ports plus 2.
 */
class SmallDatabasePoolIT {

    private static final long FIVE_SECONDS = 5_000;
    private static final String TEMPLATE = "{\"pinType\": \"NUMERIC\", \"messageText\": \"Your PIN is {{pin}}\", \"pinLength\": 6}";

    private static KeycloakServer keycloak;
    private static WireMockServer webhook;
    private static TwoFactorApi api;
    private static String appId;
    private static String messageId;

    @BeforeAll
    static void startAKeycloakWithAPoolOfTwo() {
        // A free port of its own, started before the server takes the machine's lock.
        webhook = VendorStubs.start(0);
        webhook.stubFor(post(urlEqualTo("/pin")).willReturn(aResponse().withStatus(200).withBody("{}")));
        keycloak = OwnKeycloak.start("small-pool", List.of("--db-pool-max-size=2", "--db-pool-min-size=1", "--db-pool-initial-size=1",
                "--spi-pin-delivery--webhook--url=http://127.0.0.1:" + webhook.port() + "/pin"));
        api = TwoFactorApi.newRealmWithKey(keycloak, "pool", "2fa:manage");
        appId = api.createApplication("""
                {"name": "pool", "configuration": {"pinAttempts": 20, "verifyPinLimit": "1000/1s",
                 "sendPinPerPhoneNumberLimit": "100/1d", "sendPinPerApplicationLimit": "1000/1d"}}""");
        messageId = api.createTemplate(appId, TEMPLATE);
    }

    @AfterAll
    static void stop() {
        try {
            if (keycloak != null) {
                keycloak.close();
            }
        } finally {
            if (webhook != null) {
                webhook.stop();
            }
        }
    }

    /**
     * Two users' logins wait on an SMS gateway that takes 8 seconds; meanwhile a third user logs in
     * with a PIN, in well under that time. A login that kept its request's database connection
     * while the gateway had its message would leave the third none of the pool's two: it would
     * wait for one until the pool gave up.
     */
    @Test
    void logins_waiting_on_a_slow_gateway_leave_the_pool_to_other_logins() throws Exception {
        String realm = "pool-login";
        PinRealms.create(keycloak, realm, null);
        RealmSettings.setAttributes(keycloak, realm, Map.of("pin2fa.delivery.sms", "webhook"));
        DemoUsers users = new DemoUsers(keycloak, realm);
        List<DemoUsers.User> slow = List.of(users.withPhone(), users.withPhone());
        DemoUsers.User other = users.withPhone();
        // Each has logged in before, as on any busy day: Keycloak has them in its caches, and its
        // own part of a login reads no database either.
        for (DemoUsers.User user : List.of(slow.get(0), slow.get(1), other)) {
            logIn(realm, user);
        }
        for (DemoUsers.User user : slow) {
            webhook.stubFor(post(urlEqualTo("/pin")).atPriority(1).withRequestBody(containing(digits(user)))
                    .willReturn(aResponse().withStatus(200).withBody("{}").withFixedDelay(8_000)));
        }
        ExecutorService threads = Executors.newFixedThreadPool(slow.size());
        try {
            List<Future<HttpResponse<String>>> waiting = new ArrayList<>();
            for (DemoUsers.User user : slow) {
                waiting.add(threads.submit(() -> pinPage(new AccountConsoleLogin(realm), user)));
            }
            for (DemoUsers.User user : slow) {
                awaitMessageTo(user);
            }

            long started = System.nanoTime();
            HttpResponse<String> done = logIn(realm, other);
            long millis = (System.nanoTime() - started) / 1_000_000;

            assertThat(done.statusCode()).as("logged in: %s", done.body()).isEqualTo(302);
            assertThat(done.headers().firstValue("Location").orElse("")).contains("code=");
            assertThat(millis).as("while both slow logins still wait on the gateway").isLessThan(4_000);
            for (Future<HttpResponse<String>> slowLogin : waiting) {
                assertThat(slowLogin.get().body()).as("the slow logins get their PIN page too").contains("data-page-id=\"login-pin-login\"");
            }
        } finally {
            threads.shutdownNow();
        }
    }

    /** A whole login: password, then the PIN the gateway got. The answer is the redirect to the client. */
    private static HttpResponse<String> logIn(String realm, DemoUsers.User user) {
        AccountConsoleLogin login = new AccountConsoleLogin(realm);
        HttpResponse<String> page = pinPage(login, user);
        HttpResponse<String> done = login.post(keycloak.baseUrl(), page, "pin=" + lastPinTo(user));
        assertThat(done.statusCode()).as("%s logged in: %s", user.username(), done.body()).isEqualTo(302);
        return done;
    }

    /** Opens the login and posts the user's password: the answer is the PIN page. */
    private static HttpResponse<String> pinPage(AccountConsoleLogin login, DemoUsers.User user) {
        return login.post(keycloak.baseUrl(), login.open(keycloak.baseUrl()),
                AccountConsoleLogin.passwordForm(user.username(), DemoUsers.PASSWORD));
    }

    private static String digits(DemoUsers.User user) {
        return user.phone().replace("+", "");
    }

    /** Waits until the gateway has the message to {@code user} (its answer may still be on the way). */
    private static void awaitMessageTo(DemoUsers.User user) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (webhook.findAll(postRequestedFor(urlEqualTo("/pin")).withRequestBody(containing(digits(user)))).isEmpty()) {
            assertThat(System.nanoTime()).as("the gateway got the message to %s", user.phone()).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private static String lastPinTo(DemoUsers.User user) {
        var sent = webhook.findAll(postRequestedFor(urlEqualTo("/pin")).withRequestBody(containing(digits(user))));
        assertThat(sent).as("a PIN sent to %s", user.phone()).isNotEmpty();
        return KeycloakServer.json(sent.get(sent.size() - 1).getBodyAsString()).get("text").asText().replaceAll("[^0-9]", "");
    }

    @Test
    void eight_verifies_of_one_pin_at_once_all_answer_within_five_seconds_and_count_every_attempt() throws Exception {
        String pinId = api.sendSms(appId, messageId, "41795559001").get("pinId").asText();
        String pin = api.lastPinSentTo("41795559001");
        String wrong = pin.equals("000000") ? "111111" : "000000";

        List<HttpResponse<String>> answers = eightAtOnceEachWithinFiveSeconds(i -> api.verify(pinId, wrong));

        List<Integer> remaining = new ArrayList<>();
        for (HttpResponse<String> answer : answers) {
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            JsonNode body = KeycloakServer.json(answer.body());
            assertThat(body.get("verified").asBoolean()).isFalse();
            assertThat(body.get("pinError").asText()).isEqualTo("WRONG_PIN");
            remaining.add(body.get("attemptsRemaining").asInt());
        }
        // Each wrong PIN took exactly one of the 20 attempts: the answers say 19 down to 12, once each.
        assertThat(remaining).containsExactlyInAnyOrder(19, 18, 17, 16, 15, 14, 13, 12);
        JsonNode right = KeycloakServer.json(api.verify(pinId, pin).body());
        assertThat(right.get("verified").asBoolean()).isTrue();
    }

    @Test
    void eight_verifies_of_eight_pins_at_once_all_answer_within_five_seconds() throws Exception {
        List<String> pinIds = new ArrayList<>();
        List<String> pins = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String to = "4179555902" + i;
            pinIds.add(api.sendSms(appId, messageId, to).get("pinId").asText());
            pins.add(api.lastPinSentTo(to));
        }

        List<HttpResponse<String>> answers = eightAtOnceEachWithinFiveSeconds(i -> api.verify(pinIds.get(i), pins.get(i)));

        assertThat(answers).allSatisfy(answer -> {
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            assertThat(KeycloakServer.json(answer.body()).get("verified").asBoolean()).as(answer.body()).isTrue();
        });
    }

    @Test
    void resends_that_call_the_vendor_and_verifies_of_the_same_pin_at_once_all_answer_within_five_seconds() throws Exception {
        String pinId = api.sendSms(appId, messageId, "41795559003").get("pinId").asText();
        String pin = api.lastPinSentTo("41795559003");
        String wrong = pin.equals("000000") ? "111111" : "000000";

        List<HttpResponse<String>> answers = eightAtOnceEachWithinFiveSeconds(i -> i % 2 == 0
                ? api.post("/2/pin/" + pinId + "/resend", "{}")
                : api.verify(pinId, wrong));

        List<Integer> remaining = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            HttpResponse<String> answer = answers.get(i);
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            JsonNode body = KeycloakServer.json(answer.body());
            if (i % 2 == 0) {
                assertThat(body.get("smsStatus").asText()).as(answer.body()).isEqualTo("MESSAGE_SENT");
            } else {
                remaining.add(body.get("attemptsRemaining").asInt());
            }
        }
        assertThat(remaining).containsExactlyInAnyOrder(19, 18, 17, 16);
        // A resend sends the same PIN: it still verifies.
        assertThat(api.lastPinSentTo("41795559003")).isEqualTo(pin);
        assertThat(KeycloakServer.json(api.verify(pinId, pin).body()).get("verified").asBoolean()).isTrue();
    }

    /** Sends 8 requests at once; every one must answer within 5 s. The answers, in request order. */
    private static List<HttpResponse<String>> eightAtOnceEachWithinFiveSeconds(IntFunction<HttpResponse<String>> request)
            throws Exception {
        Map<Integer, Long> millis = new ConcurrentHashMap<>();
        List<HttpResponse<String>> answers = Parallel.run(8, i -> {
            long started = System.nanoTime();
            try {
                return request.apply(i);
            } finally {
                millis.put(i, (System.nanoTime() - started) / 1_000_000);
            }
        });
        assertThat(millis.values()).hasSize(8).allSatisfy(ms -> assertThat(ms).isLessThan(FIVE_SECONDS));
        return answers;
    }
}
