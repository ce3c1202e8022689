package io.github.keycloakpin2fa.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.keycloakpin2fa.it.browser.AccountConsole;
import io.github.keycloakpin2fa.it.browser.Browser;
import io.github.keycloakpin2fa.it.browser.DemoUsers;
import io.github.keycloakpin2fa.it.browser.DemoUsers.User;
import io.github.keycloakpin2fa.it.browser.DevOutboxReader;
import io.github.keycloakpin2fa.it.browser.LoginPage;
import io.github.keycloakpin2fa.it.browser.PinLoginPage;
import io.github.keycloakpin2fa.testing.KeycloakServer;
import io.github.keycloakpin2fa.testing.Parallel;
import io.github.keycloakpin2fa.testing.PinRealms;
import io.github.keycloakpin2fa.testing.RealKeycloak;
import io.github.keycloakpin2fa.testing.TwoFactorApi;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * A realm admin adds the PIN step to a flow and sets nothing: the first login makes the realm's
 * default login application and templates (6 digits, 5 minutes, 5 attempts, bounded limits),
 * once, however many logins race to it.
 */
@RealKeycloak
class ZeroConfigLoginIT {

    private static final Pattern FORM_ACTION = Pattern.compile("<form[^>]*id=\"kc-form-login\"[^>]*action=\"([^\"]+)\"");

    @Test
    void a_step_without_settings_sends_pins_of_the_realms_default_login_application(KeycloakServer keycloak) {
        String realm = "zero-config";
        PinRealms.create(keycloak, realm, null);
        User user = new DemoUsers(keycloak, realm).withPhone();

        try (Browser browser = new Browser(keycloak.baseUrl())) {
            LoginPage.openAccountConsole(browser, realm).logIn(user.username(), DemoUsers.PASSWORD);
            PinLoginPage page = new PinLoginPage(browser);
            DevOutboxReader.Message sms = new DevOutboxReader(keycloak, realm).latestTo(user.phone());
            assertThat(sms.text()).matches("Your login PIN is [0-9]{6}");
            page.enterPin(sms.pin());
            new AccountConsole(browser);
        }

        TwoFactorApi api = TwoFactorApi.withNewKey(keycloak, realm, "2fa:manage");
        JsonNode apps = KeycloakServer.json(api.get("/2/applications").body());
        assertThat(apps).singleElement().satisfies(app -> {
            assertThat(app.path("name").asText()).isEqualTo("Login");
            assertThat(app.path("enabled").asBoolean()).isTrue();
            assertThat(app.path("configuration").path("pinAttempts").asInt()).isEqualTo(5);
            assertThat(app.path("configuration").path("pinTimeToLive").asText()).isEqualTo("5m");
            assertThat(app.path("configuration").path("sendPinPerPhoneNumberLimit").asText()).isEqualTo("5/1h");
        });
        JsonNode templates = KeycloakServer.json(api.get("/2/applications/" + apps.get(0).path("applicationId").asText() + "/messages").body());
        assertThat(templates).hasSize(2).allSatisfy(t -> assertThat(t.path("pinLength").asInt()).isEqualTo(6));
    }

    @Test
    void first_logins_racing_on_a_new_realm_make_one_default_application(KeycloakServer keycloak) throws Exception {
        String realm = "zero-config-race";
        PinRealms.create(keycloak, realm, null);
        DemoUsers users = new DemoUsers(keycloak, realm);
        List<User> racers = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            racers.add(users.withPhone());
        }

        List<HttpResponse<String>> pages = Parallel.run(racers.size(), i -> passwordStep(keycloak, realm, racers.get(i)));

        assertThat(pages).allSatisfy(page -> assertThat(page.body()).contains("data-page-id=\"login-pin-login\""));
        TwoFactorApi api = TwoFactorApi.withNewKey(keycloak, realm, "2fa:manage");
        JsonNode apps = KeycloakServer.json(api.get("/2/applications").body());
        assertThat(StreamSupport.stream(apps.spliterator(), false).map(a -> a.path("name").asText())).containsExactly("Login");
        JsonNode templates = KeycloakServer.json(api.get("/2/applications/" + apps.get(0).path("applicationId").asText() + "/messages").body());
        assertThat(templates).hasSize(2);
        DevOutboxReader outbox = new DevOutboxReader(keycloak, realm);
        assertThat(racers).allSatisfy(u -> assertThat(outbox.messagesTo(u.phone())).hasSize(1));
    }

    /**
     * Opens the Account Console's login and submits the password, as a browser would; returns the
     * next page. The login's cookies are passed by hand: Keycloak marks them {@code Secure}, which
     * a browser honours on localhost and Java's cookie manager does not.
     */
    private static HttpResponse<String> passwordStep(KeycloakServer keycloak, String realm, User user) {
        HttpClient http = HttpClient.newHttpClient();
        try {
            String redirect = keycloak.baseUrl() + "/realms/" + realm + "/account/";
            String auth = keycloak.baseUrl() + "/realms/" + realm + "/protocol/openid-connect/auth?client_id=account-console"
                    + "&response_type=code&scope=openid&code_challenge_method=S256"
                    + "&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
                    + "&redirect_uri=" + URLEncoder.encode(redirect, StandardCharsets.UTF_8);
            HttpResponse<String> login = http.send(HttpRequest.newBuilder(URI.create(auth)).build(), HttpResponse.BodyHandlers.ofString());
            Matcher action = FORM_ACTION.matcher(login.body());
            if (!action.find()) {
                throw new AssertionError("No login form: " + login.body());
            }
            String cookies = login.headers().allValues("Set-Cookie").stream().map(c -> c.split(";", 2)[0])
                    .collect(java.util.stream.Collectors.joining("; "));
            String form = "username=" + URLEncoder.encode(user.username(), StandardCharsets.UTF_8)
                    + "&password=" + URLEncoder.encode(DemoUsers.PASSWORD, StandardCharsets.UTF_8) + "&credentialId=";
            return http.send(HttpRequest.newBuilder(URI.create(action.group(1).replace("&amp;", "&")))
                    .header("Content-Type", "application/x-www-form-urlencoded").header("Cookie", cookies)
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
