package io.github.keycloakpin2fa.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.keycloakpin2fa.it.browser.AccountConsole;
import io.github.keycloakpin2fa.it.browser.AdminConsole;
import io.github.keycloakpin2fa.it.browser.Browser;
import io.github.keycloakpin2fa.it.browser.DemoUsers;
import io.github.keycloakpin2fa.it.browser.DemoUsers.User;
import io.github.keycloakpin2fa.it.browser.DevOutboxReader;
import io.github.keycloakpin2fa.it.browser.LoginPage;
import io.github.keycloakpin2fa.it.browser.PinLoginPage;
import io.github.keycloakpin2fa.testing.KeycloakServer;
import io.github.keycloakpin2fa.testing.PinRealms;
import io.github.keycloakpin2fa.testing.RealKeycloak;
import io.github.keycloakpin2fa.testing.TwoFactorApi;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * A realm admin sets up PIN login in the admin console alone: the realm's PIN step names an
 * application and a template; the admin creates both on the console's 2FA pages, and the next
 * login sends PINs with them. Every write is an admin event.
 */
@RealKeycloak
class AdminConsolePagesIT {

    private static final String REALM = "console-setup";
    private static final String KEY_SHAPE = "[0-9A-F]{32}-[A-Za-z0-9_-]{43}";

    @Test
    void an_application_and_a_template_made_in_the_admin_console_are_what_the_login_uses(KeycloakServer keycloak) {
        PinRealms.create(keycloak, REALM, Map.of("application", "Shop login", "smsTemplate", "Shop text", "allowVoice", "true"));
        User user = new DemoUsers(keycloak, REALM).withPhone();

        try (Browser browser = new Browser(keycloak.baseUrl())) {
            AdminConsole console = AdminConsole.logIn(browser);
            console.openPage(REALM, "2fa-application");
            assertThat(console.navigation()).contains("2FA applications", "SMS and voice templates", "Email templates");
            assertThat(console.title()).isEqualTo("2FA applications");
            console.create(ordered("name", "Shop login", "pinAttempts", "3", "pinTimeToLive", "2m",
                    "sendPinPerPhoneNumberLimit", "4/1h", "allowedCountries", "CH", "sendPinPerCountryLimit", "200/1h",
                    "pumpingThrottledLimit", "7/1h"));

            console.openPage(REALM, "2fa-message-template");
            console.create(ordered("name", "Shop text", "application", "Shop login",
                    "messageText", "Your Shop PIN is {{pin}}", "pinLength", "8"));
            console.openPage(REALM, "2fa-message-template");
            assertThat(console.mainText()).contains("Shop text", "Shop login", "Your Shop PIN is {{pin}}");
            console.screenshot("admin-sms-templates");
            console.openItem("Shop text");
            console.screenshot("admin-sms-template");

            console.openPage(REALM, "2fa-application");
            assertThat(console.mainText()).contains("Shop login", "2m");
            console.screenshot("admin-applications");
            console.openItem("Shop login");
            console.screenshot("admin-application");
            console.scrollTo("allowedCountries");
            assertThat(console.value("sendPinPerCountryLimit")).as("the page shows what it saved").isEqualTo("200/1h");
            console.screenshot("admin-application-guard");

            LoginPage.openAccountConsole(browser, REALM).logIn(user.username(), DemoUsers.PASSWORD);
            PinLoginPage page = new PinLoginPage(browser);
            DevOutboxReader.Message sms = new DevOutboxReader(keycloak, REALM).latestTo(user.phone());
            assertThat(sms.text()).matches("Your Shop PIN is [0-9]{8}");
            page.enterPin(sms.pin());
            new AccountConsole(browser);
        }

        TwoFactorApi api = TwoFactorApi.withNewKey(keycloak, REALM, "2fa:manage");
        JsonNode apps = KeycloakServer.json(api.get("/2/applications").body());
        assertThat(apps).singleElement().satisfies(app -> {
            assertThat(app.path("name").asText()).isEqualTo("Shop login");
            assertThat(app.path("configuration").path("pinAttempts").asInt()).isEqualTo(3);
            assertThat(app.path("configuration").path("pinTimeToLive").asText()).isEqualTo("2m");
            JsonNode security = app.path("security");
            assertThat(security.path("allowedCountries").toString()).as("geo permissions set on the page").isEqualTo("[\"CH\"]");
            assertThat(security.path("sendPinPerCountryLimit").asText()).isEqualTo("200/1h");
            assertThat(security.path("pumpingProtection").path("throttledLimit").asText()).isEqualTo("7/1h");
            assertThat(security.path("blockedNumberTypes").toString()).as("high-cost ranges stay blocked")
                    .contains("PREMIUM_RATE");
        });
        JsonNode events = KeycloakServer.json(keycloak.adminGet("/realms/" + REALM + "/admin-events?operationTypes=CREATE&resourceTypes=COMPONENT").body());
        List<String> paths = StreamSupport.stream(events.spliterator(), false).map(e -> e.path("resourcePath").asText()).toList();
        assertThat(paths).as("each page's save is an admin event").contains("components/" + apps.get(0).path("applicationId").asText());
        assertThat(paths).hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void an_api_key_is_shown_once_in_the_create_form_and_only_its_hash_is_kept(KeycloakServer keycloak) {
        String realm = "console-keys";
        PinRealms.create(keycloak, realm, null);
        TwoFactorApi manager = TwoFactorApi.withNewKey(keycloak, realm, "2fa:manage");
        String billing = manager.createApplication("{\"name\":\"Billing\"}");
        String shop = manager.createApplication("{\"name\":\"Shop\"}");
        String key;
        try (Browser browser = new Browser(keycloak.baseUrl())) {
            AdminConsole console = AdminConsole.logIn(browser);
            console.openPage(realm, "2fa-api-key").startCreate();
            key = console.value("apiKey");
            assertThat(key).as("the create form holds a new key").matches(KEY_SHAPE);
            console.fill(ordered("name", "billing service", "allowedApplications", "Billing")).reveal("apiKey");
            console.screenshot("admin-api-key-new");
            console.save();
            assertThat(console.value("apiKey")).as("still on screen after saving, to be copied").isEqualTo(key);

            console.cancel().startCreate();
            assertThat(console.value("apiKey")).as("the console read the form once: the same key").isEqualTo(key);
            assertThat(console.fill(ordered("name", "second service")).refusedSave())
                    .as("one form cannot make two keys").contains("apiKey", "reload the page");

            console.openPage(realm, "2fa-api-key");
            assertThat(console.mainText()).contains("billing service", "2fa:pin:send", "Billing")
                    .doesNotContain("second service");
            console.screenshot("admin-api-keys");
            console.openItem("billing service");
            assertThat(console.value("apiKey")).as("never shown again").isEqualTo("(shown once, when the key was made)");

            console.openPage(realm, "2fa-api-key").startCreate();
            assertThat(console.value("apiKey")).as("a reload brings a new key").matches(KEY_SHAPE).isNotEqualTo(key);
        }

        TwoFactorApi api = TwoFactorApi.withNewKey(keycloak, realm, "2fa:pin:send").withAuthorization("App " + key);
        assertThat(api.get("/2/applications").statusCode()).as("the key lacks 2fa:manage").isEqualTo(403);
        String send = "{\"applicationId\":\"%s\",\"messageId\":\"00000000000000000000000000000000\",\"to\":\"41790000000\"}";
        HttpResponse<String> toShop = api.post("/2/pin?ncNeeded=false", send.formatted(shop));
        assertThat(toShop.statusCode()).as("the key authenticates, and Shop is not among its applications").isEqualTo(403);
        assertThat(toShop.body()).contains("application");
        assertThat(api.post("/2/pin?ncNeeded=false", send.formatted(billing)).statusCode())
                .as("Billing is").isNotIn(401, 403);

        JsonNode components = KeycloakServer.json(keycloak.adminGet("/realms/" + realm + "/components?type="
                + "org.keycloak.services.ui.extend.UiPageProvider").body());
        assertThat(components.toString()).as("only a hash is stored").doesNotContain(key.substring(33));
    }

    @Test
    void the_delivery_tab_sets_the_realms_provider_chain(KeycloakServer keycloak) {
        String realm = "console-delivery";
        PinRealms.create(keycloak, realm, null);
        try (Browser browser = new Browser(keycloak.baseUrl())) {
            AdminConsole console = AdminConsole.logIn(browser);
            console.openRealmSettingsTab(realm, "2fa-delivery");
            console.choose("sms", "webhook");
            console.choose("sms", "dev");
            console.save();
            console.screenshot("admin-delivery");
        }
        JsonNode attributes = KeycloakServer.json(keycloak.adminGet("/realms/" + realm).body()).path("attributes");
        assertThat(attributes.path("pin2fa.delivery.sms").asText()).isEqualTo("webhook,dev");
        JsonNode events = KeycloakServer.json(keycloak.adminGet("/realms/" + realm + "/admin-events?resourceTypes=COMPONENT").body());
        assertThat(events).isNotEmpty();
    }

    @Test
    void a_template_for_an_application_that_does_not_exist_is_refused_with_the_reason(KeycloakServer keycloak) {
        String realm = "console-refusal";
        PinRealms.create(keycloak, realm, null);
        try (Browser browser = new Browser(keycloak.baseUrl())) {
            AdminConsole console = AdminConsole.logIn(browser);
            console.openPage(realm, "2fa-message-template");
            assertThat(console.refusedCreate(ordered("name", "Orphan", "application", "Nobody",
                    "messageText", "PIN {{pin}}"))).contains("no 2FA application is named \"Nobody\"");
        }
    }

    private static Map<String, String> ordered(String... keysAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
