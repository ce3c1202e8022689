package io.github.keycloakpin2fa.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A gateway on loopback for the webhook sender: it answers 200 at once and remembers the last PIN
 * sent to each number, except for numbers starting with {@link #SLOW_PREFIX}, which it answers
 * after {@link #SLOW_MILLIS} (a slow gateway).
 */
public final class WebhookStub implements AutoCloseable {

    public static final String SLOW_PREFIX = "4178";
    public static final long SLOW_MILLIS = 2000;
    private static final Pattern LAST_DIGITS = Pattern.compile("(\\d+)\\D*$");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final Map<String, String> pins = new ConcurrentHashMap<>();
    private final AtomicLong received = new AtomicLong();

    static {
        // The JDK's server writes an answer's head and body apart; without TCP_NODELAY each answer
        // waits out the client's delayed acknowledgement (about 40 ms on Linux), which made every
        // send take 50 ms of wall time and the window's fill 17 minutes. CPU figures do not change.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    public WebhookStub() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 200);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/pin", this::handle);
        server.setExecutor(threads);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/pin";
    }

    /** The PIN of the last message to {@code to} (digits only, no '+'), or null. */
    public String lastPin(String to) {
        return pins.get(to);
    }

    public long received() {
        return received.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            JsonNode body = JSON.readTree(exchange.getRequestBody());
            String to = body.path("to").asText().replace("+", "");
            if (to.startsWith(SLOW_PREFIX)) {
                TimeUnit.MILLISECONDS.sleep(SLOW_MILLIS);
            }
            String pin = pinIn(body.path("text").asText());
            if (pin != null) {
                pins.put(to, pin);
            }
            received.incrementAndGet();
            byte[] answer = "{\"status\":\"accepted\"}".getBytes();
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The PIN in a message text: its last run of digits ("Your PIN is 123456."). */
    static String pinIn(String text) {
        Matcher m = LAST_DIGITS.matcher(text);
        return m.find() ? m.group(1) : null;
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
