package io.github.keycloakpin2fa.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A browser login over plain HTTP, as a form-posting client does it: open the authorization
 * endpoint, post each page's form (the username, then the code the step asks for) until Keycloak
 * redirects to the client with a code. Each login has its own cookies.
 */
public final class FormLogin {

    static final String REDIRECT_URI = "http://127.0.0.1:9/callback";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private static final Pattern FORM_ACTION = Pattern.compile("<form[^>]*\\saction=\"([^\"]+)\"", Pattern.CASE_INSENSITIVE);

    private final String baseUrl;
    private final String realm;
    private final String clientId;

    public FormLogin(String baseUrl, String realm, String clientId) {
        this.baseUrl = baseUrl;
        this.realm = realm;
        this.clientId = clientId;
    }

    /**
     * Logs {@code username} in; {@code secondStep} gives the field and value of the second
     * page's form (null when the flow has only the username).
     *
     * @return the authorization code
     */
    public String logIn(String username, Function<String, Map<String, String>> secondStep) {
        Cookies cookies = new Cookies();
        String auth = baseUrl + "/realms/" + realm + "/protocol/openid-connect/auth?response_type=code&scope=openid&client_id="
                + enc(clientId) + "&redirect_uri=" + enc(REDIRECT_URI);
        HttpResponse<String> page = cookies.send(HttpRequest.newBuilder(URI.create(auth)).GET());
        page = post(cookies, formAction(page), Map.of("username", username));
        if (secondStep != null) {
            page = post(cookies, formAction(page), secondStep.apply(username));
        }
        return codeOf(page);
    }

    /**
     * One login's cookies, sent back whatever their {@code Secure} flag: Keycloak marks its cookies
     * secure, and Java's cookie manager would then keep them from plain-HTTP loopback requests.
     */
    public static final class Cookies {

        private final Map<String, String> values = new java.util.LinkedHashMap<>();

        public HttpResponse<String> send(HttpRequest.Builder request) {
            if (!values.isEmpty()) {
                request.header("Cookie", values.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                        .collect(Collectors.joining("; ")));
            }
            HttpResponse<String> response = FormLogin.send(HTTP, request.build());
            for (String set : response.headers().allValues("Set-Cookie")) {
                remember(set);
            }
            return response;
        }

        void remember(String setCookie) {
            String pair = setCookie.split(";", 2)[0];
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                return;
            }
            String name = pair.substring(0, eq).trim();
            String value = pair.substring(eq + 1).trim();
            if (value.isEmpty() || setCookie.toLowerCase(java.util.Locale.ROOT).contains("max-age=0")) {
                values.remove(name);
            } else {
                values.put(name, value);
            }
        }

        Map<String, String> values() {
            return values;
        }
    }

    static String codeOf(HttpResponse<String> response) {
        String location = response.headers().firstValue("Location").orElse("");
        if (response.statusCode() != 302 || !location.startsWith(REDIRECT_URI)) {
            throw new IllegalStateException("Login did not finish: HTTP " + response.statusCode() + " " + snippet(response.body()));
        }
        Matcher code = Pattern.compile("[?&]code=([^&]+)").matcher(location);
        if (!code.find()) {
            throw new IllegalStateException("No code in " + location);
        }
        return code.group(1);
    }

    /** The action URL of the page's form, entities decoded. */
    static String formAction(HttpResponse<String> page) {
        if (page.statusCode() != 200) {
            throw new IllegalStateException("Expected a login page, got HTTP " + page.statusCode() + " " + snippet(page.body()));
        }
        Matcher m = FORM_ACTION.matcher(page.body());
        if (!m.find()) {
            throw new IllegalStateException("No form on the page: " + snippet(page.body()));
        }
        return m.group(1).replace("&amp;", "&");
    }

    private static HttpResponse<String> post(Cookies cookies, String url, Map<String, String> fields) {
        String form = fields.entrySet().stream().map(e -> enc(e.getKey()) + "=" + enc(e.getValue())).collect(Collectors.joining("&"));
        return cookies.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
    }

    static HttpResponse<String> send(HttpClient http, HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String snippet(String body) {
        return body == null ? "" : body.substring(0, Math.min(400, body.length())).replaceAll("\\s+", " ");
    }

    static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
