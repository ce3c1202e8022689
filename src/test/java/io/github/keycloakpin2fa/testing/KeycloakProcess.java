package io.github.keycloakpin2fa.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A running {@code kc.sh start-dev}. Started with the bootstrap admin {@code admin}/{@code admin}
 * on port 8080, health on 9000; stopping it ends {@code kc.sh} and the java process it forked.
 */
final class KeycloakProcess implements AutoCloseable {

    static final int HTTP_PORT = 8080;
    static final int MANAGEMENT_PORT = 9000;
    // Generous: on a loaded 2-core machine the first start (re-augmentation) can take minutes.
    private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(10);

    private final Process process;
    private final Path log;

    private KeycloakProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /**
     * Starts Keycloak in development mode and waits until it is ready.
     *
     * @param log the file the server's output is appended to, or {@code null} to show it on this console
     * @param extraOptions further {@code kc.sh} options, e.g. {@code --spi-...}
     */
    static KeycloakProcess startDev(KeycloakInstall install, Path log, List<String> extraOptions) {
        refuseBusyPort(HTTP_PORT);
        refuseBusyPort(MANAGEMENT_PORT);
        List<String> command = new ArrayList<>(List.of(
                install.home().resolve("bin/kc.sh").toString(), "start-dev",
                "--import-realm", "--health-enabled=true", "--http-port=" + HTTP_PORT));
        command.addAll(extraOptions);
        ProcessBuilder builder = new ProcessBuilder(command).directory(install.home().toFile());
        builder.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", "admin");
        builder.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", "admin");
        if (log == null) {
            builder.inheritIO();
        } else {
            builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        }
        try {
            KeycloakProcess server = new KeycloakProcess(builder.start(), log);
            server.awaitReady();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start " + command, e);
        }
    }

    String baseUrl() {
        return "http://localhost:" + HTTP_PORT;
    }

    /** Blocks until the server exits (used by the run command, which stops it with Ctrl-C). */
    int waitFor() throws InterruptedException {
        return process.waitFor();
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void awaitReady() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest ready = HttpRequest.newBuilder(
                URI.create("http://localhost:" + MANAGEMENT_PORT + "/health/ready")).timeout(Duration.ofSeconds(5)).build();
        Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Keycloak exited with " + process.exitValue() + logTail());
            }
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            pause();
        }
        close();
        throw new IllegalStateException("Keycloak was not ready within " + STARTUP_TIMEOUT + logTail());
    }

    private static void pause() {
        try {
            // Polling a server we do not control; not a test's clock.
            TimeUnit.MILLISECONDS.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String logTail() {
        if (log == null) {
            return "";
        }
        try {
            List<String> lines = Files.readAllLines(log);
            return "; last lines of " + log + ":\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "; see " + log;
        }
    }

    private static void refuseBusyPort(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("localhost", port), 500);
            throw new IllegalStateException("Port " + port + " is already in use: is another Keycloak running? Stop it first.");
        } catch (ConnectException free) {
            // nothing listens: good
        } catch (IOException free) {
            // timeouts and the like also mean nobody answers
        }
    }
}
