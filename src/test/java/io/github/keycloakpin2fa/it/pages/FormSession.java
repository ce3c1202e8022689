package io.github.keycloakpin2fa.it.pages;

import io.github.keycloakpin2fa.testing.KeycloakServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieHandler;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One person at one address going through Keycloak's login pages over plain HTTP, as a script
 * (or an attacker) would: cookies kept, forms posted, every request from {@code clientIp}
 * (an {@code X-Forwarded-For} header, which the test server trusts as a proxy's). Faster than a
 * browser where many submissions are the story.
 */
public final class FormSession {

    private static final Pattern FORM = Pattern.compile("<form\\s+id=\"([^\"]+)\"[^>]*?action=\"([^\"]+)\"", Pattern.DOTALL);
    private static final Pattern ALERT = Pattern.compile("class=\"[^\"]*kc-feedback-text[^\"]*\">(.*?)</span>", Pattern.DOTALL);
    private static final Pattern FIELD_ERROR = Pattern.compile("id=\"input-error-[a-z]+\"[^>]*>(.*?)</span>", Pattern.DOTALL);

    private final KeycloakServer keycloak;
    private final String clientIp;
    private final HttpClient http;
    private HttpResponse<String> page;

    private FormSession(KeycloakServer keycloak, String clientIp) {
        this.keycloak = keycloak;
        this.clientIp = clientIp;
        this.http = HttpClient.newBuilder().cookieHandler(new CookieJar()).followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** Opens the realm's Account Console sign-in and logs in with a password; the next page is current. */
    public static FormSession logIn(KeycloakServer keycloak, String realm, String username, String password, String clientIp) {
        FormSession s = new FormSession(keycloak, clientIp);
        String redirect = keycloak.baseUrl() + "/realms/" + realm + "/account/";
        s.get("/realms/" + realm + "/protocol/openid-connect/auth?client_id=account-console&response_type=code&scope=openid"
                + "&code_challenge_method=S256&code_challenge=" + "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
                + "&redirect_uri=" + enc(redirect));
        s.submit("kc-form-login", Map.of("username", username, "password", password));
        return s;
    }

    /** Posts the form with this id on the current page. */
    public FormSession submit(String formId, Map<String, String> fields) {
        String action = formAction(formId);
        String body = fields.entrySet().stream().map(e -> enc(e.getKey()) + "=" + enc(e.getValue())).collect(Collectors.joining("&"));
        page = send(HttpRequest.newBuilder(URI.create(action)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        return this;
    }

    /** The phone enrolment page: submit a number. */
    public FormSession enterPhone(String number) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("phone", number);
        fields.put("action", "phone");
        return submit("kc-pin-enrol-form", fields);
    }

    /** The enrolment confirmation page: back to the number. */
    public FormSession changeNumber() {
        return submit("kc-pin-change-form", Map.of("action", "change"));
    }

    /** The PIN page (login or enrolment): submit a PIN. */
    public FormSession enterPin(String pin) {
        return submit("kc-pin-form", Map.of("pin", pin, "action", "verify"));
    }

    public boolean hasForm(String formId) {
        return forms().containsKey(formId);
    }

    /** The page's alert text (Keycloak's message summary), or "". */
    public String alert() {
        Matcher m = ALERT.matcher(html());
        return m.find() ? unescape(m.group(1).strip()) : "";
    }

    /** The page's first field error, or "". */
    public String fieldError() {
        Matcher m = FIELD_ERROR.matcher(html());
        return m.find() ? unescape(m.group(1).replaceAll("<[^>]+>", "").strip()) : "";
    }

    /**
     * The alert when it is an error or a warning (not an information such as "we sent you a PIN"),
     * else the field error: what the page tells the user went wrong.
     */
    public String error() {
        return alert().isEmpty() || !alertIsTrouble() ? fieldError() : alert();
    }

    /** Whether the alert is of the danger or warning kind (keycloak.v2 marks its kind as a class). */
    private boolean alertIsTrouble() {
        Matcher m = ALERT.matcher(html());
        if (!m.find()) {
            return false;
        }
        String before = html().substring(Math.max(0, m.start() - 1_000), m.start());
        int trouble = Math.max(before.lastIndexOf("pf-m-danger"), before.lastIndexOf("pf-m-warning"));
        int calm = Math.max(before.lastIndexOf("pf-m-info"), before.lastIndexOf("pf-m-success"));
        return trouble > calm;
    }

    public String html() {
        return page.body();
    }

    public int status() {
        return page.statusCode();
    }

    /** Where the last answer came from (after redirects). */
    public URI uri() {
        return page.uri();
    }

    private Map<String, String> forms() {
        Map<String, String> forms = new LinkedHashMap<>();
        Matcher m = FORM.matcher(html());
        while (m.find()) {
            forms.put(m.group(1), unescape(m.group(2)));
        }
        return forms;
    }

    private String formAction(String formId) {
        String action = forms().get(formId);
        if (action == null) {
            throw new IllegalStateException("No form " + formId + " on the page (" + status() + " " + uri() + "); forms: "
                    + forms().keySet() + "; message: " + error());
        }
        return action;
    }

    private void get(String path) {
        page = send(HttpRequest.newBuilder(keycloak.uri(path)).GET());
    }

    private HttpResponse<String> send(HttpRequest.Builder builder) {
        if (clientIp != null) {
            builder.header("X-Forwarded-For", clientIp);
        }
        try {
            return http.send(builder.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Every cookie the server set, sent back on every request. Keycloak marks its cookies
     * {@code Secure} on localhost (a secure context for browsers), which Java's own
     * {@code CookieManager} would never send over http; this session talks to one server only.
     */
    private static final class CookieJar extends CookieHandler {

        private final Map<String, String> cookies = new LinkedHashMap<>();

        @Override
        public synchronized Map<String, List<String>> get(URI uri, Map<String, List<String>> requestHeaders) {
            if (cookies.isEmpty()) {
                return Map.of();
            }
            String header = cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("; "));
            return Map.of("Cookie", List.of(header));
        }

        @Override
        public synchronized void put(URI uri, Map<String, List<String>> responseHeaders) {
            responseHeaders.forEach((name, values) -> {
                if (name != null && name.equalsIgnoreCase("Set-Cookie")) {
                    values.forEach(this::store);
                }
            });
        }

        private void store(String setCookie) {
            String[] parts = setCookie.split(";");
            int eq = parts[0].indexOf('=');
            if (eq <= 0) {
                return;
            }
            String name = parts[0].substring(0, eq).strip();
            String value = parts[0].substring(eq + 1).strip();
            boolean expired = value.isEmpty();
            for (int i = 1; i < parts.length; i++) {
                String attribute = parts[i].strip().toLowerCase(java.util.Locale.ROOT);
                if (attribute.equals("max-age=0") || attribute.startsWith("expires=thu, 01 jan 1970") || attribute.startsWith("expires=thu, 01-jan-1970")) {
                    expired = true;
                }
            }
            if (expired) {
                cookies.remove(name);
            } else {
                cookies.put(name, value);
            }
        }
    }

    private static String unescape(String html) {
        return html.replace("&amp;", "&").replace("&#39;", "'").replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">");
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
