package io.github.keycloakpin2fa.testing;

import io.github.keycloakpin2fa.bench.FormLogin;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One browser's login to a realm's account console over plain HTTP, without a browser: its own
 * cookies, each page's form posted to the server the test names (a cluster's node, or the one
 * server), so that a story can send each request where it wants.
 */
public final class AccountConsoleLogin {

    private static final Pattern FORM_ACTION = Pattern.compile("<form[^>]*action=\"([^\"]+)\"");
    private static final Pattern PAGE_ID = Pattern.compile("data-page-id=\"([^\"]+)\"");
    private static final Pattern FEEDBACK = Pattern.compile("kc-feedback-text\">([^<]*)");

    private final String realm;
    /** Keycloak marks its cookies {@code Secure}, and Java's cookie manager would keep them back. */
    private final FormLogin.Cookies cookies = new FormLogin.Cookies();

    public AccountConsoleLogin(String realm) {
        this.realm = realm;
    }

    /** The form a user with a password fills in on the first page. */
    public static String passwordForm(String username, String password) {
        return "username=" + URLEncoder.encode(username, StandardCharsets.UTF_8) + "&password="
                + URLEncoder.encode(password, StandardCharsets.UTF_8) + "&credentialId=";
    }

    /** Starts the login on the server at {@code baseUrl}: the answer is the first page. */
    public HttpResponse<String> open(String baseUrl) {
        String redirect = baseUrl + "/realms/" + realm + "/account/";
        return cookies.send(HttpRequest.newBuilder(URI.create(baseUrl + "/realms/" + realm
                + "/protocol/openid-connect/auth?client_id=account-console&response_type=code&scope=openid"
                + "&code_challenge_method=S256&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&redirect_uri="
                + URLEncoder.encode(redirect, StandardCharsets.UTF_8))));
    }

    /** Posts {@code form} to {@code page}'s form, on the server at {@code baseUrl}. */
    public HttpResponse<String> post(String baseUrl, HttpResponse<String> page, String form) {
        Matcher action = FORM_ACTION.matcher(page.body());
        if (!action.find()) {
            throw new AssertionError("No form on the page: " + shown(page) + " " + page.body());
        }
        String url = action.group(1).replace("&amp;", "&").replaceFirst("^https?://[^/]+", baseUrl);
        return cookies.send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
    }

    /** Which page it is and what it says, for a failure's message. */
    public static String shown(HttpResponse<String> page) {
        Matcher id = PAGE_ID.matcher(page.body());
        Matcher feedback = FEEDBACK.matcher(page.body());
        return "HTTP " + page.statusCode() + " " + (id.find() ? id.group(1) : "?") + ": " + (feedback.find() ? feedback.group(1) : "");
    }
}
