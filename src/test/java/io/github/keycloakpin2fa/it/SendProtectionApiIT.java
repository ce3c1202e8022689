package io.github.keycloakpin2fa.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.keycloakpin2fa.testing.KeycloakServer;
import io.github.keycloakpin2fa.testing.RealKeycloak;
import io.github.keycloakpin2fa.testing.RealmSettings;
import io.github.keycloakpin2fa.testing.TwoFactorApi;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A service sends PINs through the 2FA API of an application whose admin set geo permissions and
 * SMS-pumping protection in the application's {@code security} object; attackers try premium
 * numbers, other countries, and a pumping run of many sends that nobody verifies.
 */
@RealKeycloak
class SendProtectionApiIT {

    private static final String TEMPLATE = "{\"pinType\": \"NUMERIC\", \"messageText\": \"Code {{pin}}\", \"pinLength\": 6}";
    private static final AtomicInteger NUMBERS = new AtomicInteger();

    /** A Swiss mobile number (079 55x xx xx) no other story here uses. */
    private static String swiss() {
        return "4179" + String.format(Locale.ROOT, "%07d", 5_500_000 + NUMBERS.incrementAndGet());
    }

    /** A German mobile number (0151 ...) no other story here uses. */
    private static String german() {
        return "49151" + String.format(Locale.ROOT, "%08d", 20_000_000 + NUMBERS.incrementAndGet());
    }

    private static HttpResponse<String> send(TwoFactorApi api, String appId, String messageId, String to) {
        return api.post("/2/pin?ncNeeded=false", """
                {"applicationId": "%s", "messageId": "%s", "to": "%s"}""".formatted(appId, messageId, to));
    }

    private static void assertRefusedNamingTo(HttpResponse<String> response, String text) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        JsonNode error = KeycloakServer.json(response.body()).at("/requestError/serviceException");
        assertThat(error.path("messageId").asText()).isEqualTo("BAD_REQUEST");
        assertThat(error.at("/validationErrors/to/0").asText()).isEqualTo(text);
    }

    @Test
    void geo_permissions_are_part_of_the_application_and_a_blocked_send_names_to(KeycloakServer keycloak) {
        TwoFactorApi api = TwoFactorApi.newRealmWithKey(keycloak, "geo", "2fa:manage");
        HttpResponse<String> created = api.post("/2/applications", """
                {"name": "Swiss login", "security": {"allowedCountries": ["CH", "li"]}}""");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode app = KeycloakServer.json(created.body());
        assertThat(app.at("/security/allowedCountries").toString()).isEqualTo("[\"CH\",\"LI\"]");
        assertThat(app.at("/security/blockedNumberTypes").toString()).isEqualTo("[\"PERSONAL_NUMBER\",\"PREMIUM_RATE\",\"SHARED_COST\",\"UAN\"]");
        String appId = app.path("applicationId").asText();
        String messageId = api.createTemplate(appId, TEMPLATE);

        assertThat(send(api, appId, messageId, swiss()).statusCode()).isEqualTo(200);
        String germanNumber = german();
        assertRefusedNamingTo(send(api, appId, messageId, germanNumber), "is in a country this application does not send to");

        // An Infobip client updating the application knows nothing of "security": it stays.
        HttpResponse<String> updated = api.put("/2/applications/" + appId, "{\"name\": \"Swiss login\", \"enabled\": true}");
        assertThat(KeycloakServer.json(updated.body()).at("/security/allowedCountries").toString()).isEqualTo("[\"CH\",\"LI\"]");
        assertRefusedNamingTo(send(api, appId, messageId, germanNumber), "is in a country this application does not send to");

        // The admin opens Germany again but blocks Switzerland.
        api.put("/2/applications/" + appId, "{\"name\": \"Swiss login\", \"security\": {\"blockedCountries\": [\"CH\"]}}");
        assertThat(send(api, appId, messageId, germanNumber).statusCode()).isEqualTo(200);
        assertRefusedNamingTo(send(api, appId, messageId, swiss()), "is in a country this application blocks");
    }

    @Test
    void premium_rate_and_shared_cost_numbers_are_blocked_by_default(KeycloakServer keycloak) {
        TwoFactorApi api = TwoFactorApi.newRealmWithKey(keycloak, "geo", "2fa:manage");
        String appId = api.createApplication("{\"name\": \"defaults\"}");
        assertThat(KeycloakServer.json(api.get("/2/applications/" + appId).body()).has("security"))
                .as("an application with the default protection reads exactly as Infobip's").isFalse();
        String messageId = api.createTemplate(appId, TEMPLATE);

        String ukPremium = "449098790000";   // 0909 879 0000, premium rate
        String swissSharedCost = "41840123456"; // Swiss 0840 123 456, shared cost
        String blocked = "is a premium-rate or other high-cost number this application does not send to";
        assertRefusedNamingTo(send(api, appId, messageId, ukPremium), blocked);
        assertRefusedNamingTo(send(api, appId, messageId, swissSharedCost), blocked);
        assertRefusedNamingTo(api.post("/2/pin/voice", """
                {"applicationId": "%s", "messageId": "%s", "to": "%s"}""".formatted(appId, messageId, ukPremium)), blocked);

        api.put("/2/applications/" + appId, "{\"name\": \"defaults\", \"security\": {\"blockedNumberTypes\": []}}");
        assertThat(send(api, appId, messageId, ukPremium).statusCode()).as("the admin may allow them").isEqualTo(200);
    }

    @Test
    void bad_security_settings_are_refused_naming_the_field(KeycloakServer keycloak) {
        TwoFactorApi api = TwoFactorApi.newRealmWithKey(keycloak, "geo", "2fa:manage");
        HttpResponse<String> response = api.post("/2/applications", """
                {"name": "x", "security": {"allowedCountries": ["Switzerland"], "blockedNumberTypes": ["EXPENSIVE"],
                 "pumpingProtection": {"window": "7d"}}}""");
        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode errors = KeycloakServer.json(response.body()).at("/requestError/serviceException/validationErrors");
        assertThat(errors.has("security.allowedCountries")).isTrue();
        assertThat(errors.has("security.blockedNumberTypes")).isTrue();
        assertThat(errors.has("security.pumpingProtection.window")).isTrue();
    }

    @Test
    void a_pumping_run_to_one_country_is_throttled_and_an_admin_event_and_a_metric_say_so(KeycloakServer keycloak) {
        TwoFactorApi api = TwoFactorApi.newRealmWithKey(keycloak, "pumping", "2fa:manage");
        RealmSettings.setAdminEvents(keycloak, api.realm(), true);
        String appId = api.createApplication("""
                {"name": "signup", "security": {"pumpingProtection":
                    {"window": "1h", "minSends": 20, "minConversionPercent": 20, "throttledLimit": "2/1h"}}}""");
        String messageId = api.createTemplate(appId, TEMPLATE);

        // The attacker's run: 20 PINs to 20 numbers in one country, none verified.
        for (int i = 0; i < 20; i++) {
            assertThat(send(api, appId, messageId, swiss()).statusCode()).as("send %d", i).isEqualTo(200);
        }
        // From now on the country gets the throttled budget only.
        assertThat(send(api, appId, messageId, swiss()).statusCode()).isEqualTo(200);
        assertThat(send(api, appId, messageId, swiss()).statusCode()).isEqualTo(200);
        HttpResponse<String> throttled = send(api, appId, messageId, swiss());
        assertThat(throttled.statusCode()).isEqualTo(429);
        assertThat(Long.parseLong(throttled.headers().firstValue("Retry-After").orElseThrow())).isBetween(3000L, 3600L);
        assertThat(send(api, appId, messageId, german()).statusCode()).as("other countries are not throttled").isEqualTo(200);

        JsonNode events = KeycloakServer.json(keycloak.adminGet("/realms/" + api.realm() + "/admin-events?operationTypes=ACTION").body());
        JsonNode pumping = null;
        for (JsonNode e : events) {
            if ("PIN2FA_SMS_PUMPING".equals(e.path("resourceType").asText())) {
                assertThat(pumping).as("said once").isNull();
                pumping = e;
            }
        }
        assertThat(pumping).as("admin events: " + events).isNotNull();
        assertThat(pumping.path("resourcePath").asText()).isEqualTo("2fa/applications/" + appId + "/countries/CH");
        assertThat(pumping.at("/details/sent").asText()).isEqualTo("20");
        assertThat(pumping.at("/details/verified").asText()).isEqualTo("0");

        String metrics = keycloak.send(HttpRequest.newBuilder(keycloak.metricsUri()).GET().build()).body();
        assertThat(metrics).containsPattern("pin2fa_pumping_detected_total\\{application=\"" + appId + "\",country=\"CH\"[^}]*\\} 1\\.0");
    }

    @Test
    void an_application_whose_users_verify_their_pins_is_never_throttled(KeycloakServer keycloak) {
        TwoFactorApi api = TwoFactorApi.newRealmWithKey(keycloak, "pumping", "2fa:manage");
        String appId = api.createApplication("""
                {"name": "login", "security": {"pumpingProtection":
                    {"window": "1h", "minSends": 20, "minConversionPercent": 20, "throttledLimit": "2/1h"}}}""");
        String messageId = api.createTemplate(appId, TEMPLATE);

        for (int i = 0; i < 25; i++) {
            String to = swiss();
            HttpResponse<String> sent = send(api, appId, messageId, to);
            assertThat(sent.statusCode()).as("send %d", i).isEqualTo(200);
            if (i % 4 == 0) { // one user in four completes the login: 28%
                String pinId = KeycloakServer.json(sent.body()).path("pinId").asText();
                assertThat(KeycloakServer.json(api.verify(pinId, api.lastPinSentTo(to)).body()).path("verified").asBoolean()).isTrue();
            }
        }
    }
}
