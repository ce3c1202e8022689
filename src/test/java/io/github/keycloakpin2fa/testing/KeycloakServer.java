package io.github.keycloakpin2fa.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** The real Keycloak a test talks to, over real HTTP. */
public final class KeycloakServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Supplier<KeycloakProcess> starter;
    private final Path log;
    private final MachineLock lock;
    private KeycloakProcess process;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String fixedBaseUrl;

    KeycloakServer(Supplier<KeycloakProcess> starter, Path log, MachineLock lock) {
        this.starter = starter;
        this.log = log;
        this.lock = lock;
        this.fixedBaseUrl = null;
        this.process = starter.get();
    }

    private KeycloakServer(String baseUrl) {
        this.starter = null;
        this.log = null;
        this.lock = null;
        this.fixedBaseUrl = baseUrl;
    }

    /** A server someone else started and stops (e.g. a node of a {@link KeycloakCluster}). */
    static KeycloakServer at(String baseUrl) {
        return new KeycloakServer(baseUrl);
    }

    /** Stops the server and starts it again on the same database, as an operator's restart would. */
    public void restart() {
        process.close();
        process = starter.get();
    }

    /** Everything the server wrote to its console during this run. */
    public String serverLog() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String baseUrl() {
        return fixedBaseUrl != null ? fixedBaseUrl : process.baseUrl();
    }

    /** Keycloak's metrics endpoint, on this run's management port ({@code -Dpin2fa.it.management-port}). */
    public URI metricsUri() {
        return URI.create("http://localhost:" + KeycloakProcess.MANAGEMENT_PORT + "/metrics");
    }

    public HttpClient http() {
        return http;
    }

    /** An access token of the master realm's bootstrap admin. */
    public String adminToken() {
        return passwordToken("master", "admin-cli", "admin", "admin");
    }

    /** An access token from the resource-owner password grant of a public client. */
    public String passwordToken(String realm, String clientId, String username, String password) {
        String form = "grant_type=password&client_id=" + enc(clientId) + "&username=" + enc(username) + "&password=" + enc(password);
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/realms/" + realm + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("Token request failed: " + response.statusCode() + " " + response.body());
        }
        return json(response.body()).get("access_token").asText();
    }

    /** GET of an admin REST path (below {@code /admin}) as the bootstrap admin. */
    public HttpResponse<String> adminGet(String path) {
        return send(HttpRequest.newBuilder(uri("/admin" + path))
                .header("Authorization", "Bearer " + adminToken())
                .header("Accept", "application/json").GET().build());
    }

    /**
     * Moves the server's clock by {@code seconds} (0 puts it back). Tests that move it put it
     * back in a {@code finally}.
     */
    public void setTimeOffset(int seconds) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/admin/realms/master/2fa-testing/time-offset?seconds=" + seconds))
                .header("Authorization", "Bearer " + adminToken())
                .PUT(HttpRequest.BodyPublishers.noBody()).build());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("Could not set the time offset: " + response.statusCode() + " " + response.body());
        }
    }

    /** POST of JSON to an admin REST path (below {@code /admin}) as the bootstrap admin. */
    public HttpResponse<String> adminPost(String path, String json) {
        return send(HttpRequest.newBuilder(uri("/admin" + path))
                .header("Authorization", "Bearer " + adminToken())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    /** Any admin REST request (below {@code /admin}) as the bootstrap admin. */
    public HttpResponse<String> admin(String method, String path, String json) {
        return send(HttpRequest.newBuilder(uri("/admin" + path))
                .header("Authorization", "Bearer " + adminToken())
                .header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json))
                .build());
    }

    /** Runs the purge of expired 2FA records now. */
    public int purgeNow() {
        HttpResponse<String> response = adminPost("/realms/master/2fa-testing/purge", "{}");
        if (response.statusCode() != 200) {
            throw new IllegalStateException("Purge failed: " + response.statusCode() + " " + response.body());
        }
        return json(response.body()).get("purged").asInt();
    }

    public static String toJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public URI uri(String path) {
        return URI.create(baseUrl() + path);
    }

    public HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException("Not JSON: " + body, e);
        }
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        if (process == null) {
            return;
        }
        try {
            process.close();
        } finally {
            lock.close();
        }
    }
}
