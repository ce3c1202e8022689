package io.github.keycloakpin2fa.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.keycloakpin2fa.engine.guard.SendLimits;
import java.util.List;
import java.util.Locale;

/**
 * The benchmark's realms as import JSON: one per login flow (username only, + Keycloak's OTP
 * form, + our PIN step), with the 2FA applications the PIN realm's login and API use. Every send
 * limit of the send guard stays in place (per application, per number, per country, per user, per
 * session, per client address), each with a budget the benchmark's load fits in: one client
 * address and 40 users send thousands of PINs a minute, far beyond the defaults, and a refused
 * send would end the run. The same code runs either way; only the budgets are larger. SMS-pumping
 * detection is off for the benchmark's applications: the window's 20,000 never-verified sends are
 * exactly what it exists to stop.
 */
public final class BenchRealms {

    public static final String CLIENT = "bench-web";
    public static final String USERNAME_REALM = "bench-username";
    public static final String OTP_REALM = "bench-otp";
    public static final String PIN_REALM = "bench-pin";
    public static final String OTP_SECRET = "bench-otp-secret-0123456789";
    public static final int PIN_USERS = 40;
    public static final int SLOW_USERS = 8;

    /** Applications (and their SMS template, the next id) of the PIN realm. */
    public static final String LOGIN_APP = app(1);
    public static final String API_APP = app(0x11);
    public static final String EMPTY_WINDOW_APP = app(0x21);
    public static final String FULL_WINDOW_APP = app(0x31);
    /** PINs that live {@link #SHORT_LIFE_SECONDS}, for measuring the purge. */
    public static final String SHORT_LIVED_APP = app(0x41);
    /**
     * Long enough for all of a purge measurement's sends to go out before the first expires: the
     * larger purge's 16,000 sends take about 40 s.
     */
    public static final int SHORT_LIFE_SECONDS = 90;

    private static final ObjectMapper JSON = new ObjectMapper();

    private BenchRealms() {
    }

    static String app(int n) {
        return String.format(Locale.ROOT, "BE%030X", n);
    }

    public static String templateOf(String appId) {
        return app(Integer.parseInt(appId.substring(2), 16) + 1);
    }

    /** The phone (E.164) of PIN user {@code i}; slow users' numbers go to the slow gateway. */
    public static String phoneOf(int i, boolean slow) {
        return String.format(Locale.ROOT, "+%s%07d", slow ? WebhookStub.SLOW_PREFIX : "4179", 1000 + i);
    }

    public static String usernameOf(int i, boolean slow) {
        return (slow ? "slow-" : "user-") + i;
    }

    public static ObjectNode usernameRealm() {
        ObjectNode realm = realm(USERNAME_REALM, List.of("auth-username-form"), null);
        user(realm, "user-0", null);
        return realm;
    }

    public static ObjectNode otpRealm() {
        ObjectNode realm = realm(OTP_REALM, List.of("auth-username-form", "auth-otp-form"), null);
        realm.put("otpPolicyType", "totp").put("otpPolicyAlgorithm", "HmacSHA1").put("otpPolicyDigits", 6)
                .put("otpPolicyPeriod", 30).put("otpPolicyLookAheadWindow", 1).put("otpPolicyCodeReusable", true);
        ObjectNode otp = JSON.createObjectNode().put("type", "otp").put("userLabel", "bench")
                .put("secretData", JSON.createObjectNode().put("value", OTP_SECRET).toString())
                .put("credentialData", "{\"subType\":\"totp\",\"digits\":6,\"counter\":0,\"period\":30,\"algorithm\":\"HmacSHA1\"}");
        user(realm, "user-0", otp);
        return realm;
    }

    public static ObjectNode pinRealm() {
        ObjectNode realm = realm(PIN_REALM, List.of("auth-username-form", "pin-2fa"), "bench PIN step");
        realm.putObject("attributes").put("pin2fa.delivery.sms", "webhook")
                // The realm's end-user budgets (login sends): every benchmark login comes from
                // 127.0.0.1 and each of 40 users logs in hundreds of times. Per session stays at
                // its default (one send per login session).
                .put(SendLimits.PER_USER, "1000000/1d")
                .put(SendLimits.PER_CLIENT_IP, "100000000/1d");
        for (int i = 0; i < PIN_USERS; i++) {
            user(realm, usernameOf(i, false), phone(phoneOf(i, false)));
        }
        for (int i = 0; i < SLOW_USERS; i++) {
            user(realm, usernameOf(i, true), phone(phoneOf(i, true)));
        }
        ArrayNode apps = realm.putObject("components").putArray("io.github.keycloakpin2fa.storage.realm.PinConfigComponent");
        application(apps, LOGIN_APP, "bench login", false);
        application(apps, API_APP, "bench API", true);
        application(apps, EMPTY_WINDOW_APP, "bench empty window", false);
        application(apps, FULL_WINDOW_APP, "bench full window", false);
        application(apps, SHORT_LIVED_APP, "bench short-lived", false);
        ArrayNode configs = realm.putArray("authenticatorConfig");
        ObjectNode step = configs.addObject().put("alias", "bench PIN step");
        step.putObject("config").put("applicationId", LOGIN_APP).put("smsTemplateId", templateOf(LOGIN_APP))
                .put("resendCooldownSeconds", "30").put("allowVoice", "false").put("allowEmail", "false").put("askToEnrol", "false");
        return realm;
    }

    private static ObjectNode phone(String e164) {
        return JSON.createObjectNode().put("type", "pin-2fa-phone").put("userLabel", "bench phone")
                .put("credentialData", JSON.createObjectNode().put("phoneNumber", e164).toString()).put("secretData", "{}");
    }

    private static ObjectNode realm(String name, List<String> steps, String lastStepConfig) {
        ObjectNode realm = JSON.createObjectNode().put("realm", name).put("enabled", true).put("bruteForceProtected", false)
                .put("eventsEnabled", false).put("browserFlow", "bench browser");
        ObjectNode client = realm.putArray("clients").addObject().put("clientId", CLIENT).put("publicClient", true)
                .put("standardFlowEnabled", true).put("directAccessGrantsEnabled", false);
        client.putArray("redirectUris").add(FormLogin.REDIRECT_URI);
        ObjectNode flow = realm.putArray("authenticationFlows").addObject().put("alias", "bench browser")
                .put("providerId", "basic-flow").put("topLevel", true).put("builtIn", false);
        ArrayNode executions = flow.putArray("authenticationExecutions");
        for (int i = 0; i < steps.size(); i++) {
            ObjectNode execution = executions.addObject().put("authenticator", steps.get(i)).put("requirement", "REQUIRED")
                    .put("priority", 10 * (i + 1)).put("userSetupAllowed", false).put("authenticatorFlow", false);
            if (i == steps.size() - 1 && lastStepConfig != null) {
                execution.put("authenticatorConfig", lastStepConfig);
            }
        }
        return realm;
    }

    private static void user(ObjectNode realm, String username, ObjectNode credential) {
        ArrayNode users = realm.has("users") ? (ArrayNode) realm.get("users") : realm.putArray("users");
        ObjectNode user = users.addObject().put("username", username).put("enabled", true)
                .put("email", username + "@bench.example").put("emailVerified", true).put("firstName", "Bench").put("lastName", username);
        ArrayNode credentials = user.putArray("credentials");
        if (credential != null) {
            credentials.add(credential);
        }
    }

    private static void application(ArrayNode apps, String id, String name, boolean multipleVerifications) {
        ObjectNode app = apps.addObject().put("id", id).put("name", name).put("providerId", "2fa-application");
        ObjectNode config = app.putObject("config");
        config.putArray("enabled").add("true");
        config.putArray("pinAttempts").add("10");
        config.putArray("allowMultiplePinVerifications").add(Boolean.toString(multipleVerifications));
        // The login step refuses PINs that live over 10 minutes (ASVS 5.0 V6.5.5); the API keeps Infobip's 15m,
        // except for the fill's 20,000 PINs, which must outlive the purge measurements that follow the fill
        // (about 20 minutes): expiring in the middle of them, they were purged inside one of their windows.
        config.putArray("pinTimeToLive").add(id.equals(SHORT_LIVED_APP) ? SHORT_LIFE_SECONDS + "s"
                : id.equals(LOGIN_APP) ? "5m" : id.equals(FULL_WINDOW_APP) ? "1h" : "15m");
        // High enough for a fast client verifying one PIN over and over (1000/1s was reached).
        config.putArray("verifyPinLimit").add("100000000/1d");
        config.putArray("sendPinPerApplicationLimit").add("100000000/1d");
        config.putArray("sendPinPerPhoneNumberLimit").add("100000/1d");
        // The send guard's per-country budget (every benchmark number is Swiss). SMS-pumping
        // detection stays on and is measured (every send counts in its country's window and reads
        // the conversion), but it needs a million sends an hour before it would throttle: the
        // benchmark never verifies most of what it sends, which is what detection exists to stop.
        config.putArray("sendPinPerCountryLimit").add("100000000/1d");
        config.putArray("pumpingProtection").add("true");
        config.putArray("pumpingMinSends").add("1000000");
        config.putArray("createdAt").add("0");
        ObjectNode template = app.putObject("subComponents").putArray("io.github.keycloakpin2fa.storage.realm.PinConfigComponent")
                .addObject().put("id", templateOf(id)).put("name", name + " SMS").put("providerId", "2fa-message-template");
        ObjectNode t = template.putObject("config");
        t.putArray("pinType").add("NUMERIC");
        t.putArray("pinLength").add("6");
        t.putArray("messageText").add("Your PIN is {{pin}}");
        t.putArray("senderId").add("Bench");
        t.putArray("language").add("en");
        t.putArray("speechRate").add("1.0");
        t.putArray("createdAt").add("0");
    }
}
