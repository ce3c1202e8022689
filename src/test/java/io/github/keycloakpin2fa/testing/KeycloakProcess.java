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

    /**
     * The ports: 8080 and 9000, shared by every run on the machine (hence {@link MachineLock}),
     * unless {@code -Dpin2fa.it.http-port} and {@code -Dpin2fa.it.management-port} name others.
     */
    static final int HTTP_PORT = Integer.getInteger("pin2fa.it.http-port", 8080);
    static final int MANAGEMENT_PORT = Integer.getInteger("pin2fa.it.management-port", 9000);

    /** True on the default ports, which only one Keycloak of the machine may use at a time. */
    static boolean onSharedPorts() {
        return HTTP_PORT == 8080 || MANAGEMENT_PORT == 9000;
    }
    // Generous: on a loaded 2-core machine the first start (re-augmentation) can take minutes.
    private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(10);

    private final Process process;
    private final Path log;
    private final int httpPort;
    private final int managementPort;

    private KeycloakProcess(Process process, Path log) {
        this(process, log, HTTP_PORT, MANAGEMENT_PORT);
    }

    private KeycloakProcess(Process process, Path log, int httpPort, int managementPort) {
        this.process = process;
        this.log = log;
        this.httpPort = httpPort;
        this.managementPort = managementPort;
    }

    /**
     * Starts Keycloak in development mode and waits until it is ready.
     *
     * @param log the file the server's output is appended to, or {@code null} to show it on this console
     * @param extraOptions further {@code kc.sh} options, e.g. {@code --spi-...}
     */
    static KeycloakProcess startDev(KeycloakInstall install, Path log, List<String> extraOptions) {
        return startDev(install, log, extraOptions, HTTP_PORT, MANAGEMENT_PORT);
    }

    /** {@link #startDev} on other ports than the shared test server's. */
    static KeycloakProcess startDev(KeycloakInstall install, Path log, List<String> extraOptions, int httpPort, int managementPort) {
        refuseBusyPort(httpPort);
        refuseBusyPort(managementPort);
        List<String> command = new ArrayList<>(List.of(
                install.home().resolve("bin/kc.sh").toString(), "start-dev",
                "--import-realm", "--health-enabled=true", "--http-port=" + httpPort,
                "--http-management-port=" + managementPort,
                // The admin console's 2FA pages (Keycloak's UI extension SPI, experimental in 26.7).
                "--features=declarative-ui"));
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
            KeycloakProcess server = new KeycloakProcess(builder.start(), log, httpPort, managementPort);
            server.awaitReady();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start " + command, e);
        }
    }

    /** {@code kc.sh build} with these build-time options (database kind, features), for {@link #startProduction}. */
    static void buildProduction(KeycloakInstall install, Path log, List<String> buildOptions) {
        String kc = install.home().resolve("bin/kc.sh").toString();
        List<String> build = new ArrayList<>(List.of(kc, "build"));
        build.addAll(buildOptions);
        Path marker = install.home().resolve(".built-for");
        String fingerprint = buildOptions + " " + providersFingerprint(install);
        try {
            if (Files.exists(marker) && Files.readString(marker).equals(fingerprint)) {
                return; // built with these options and these providers already
            }
            Files.deleteIfExists(marker);
            ProcessBuilder builder = new ProcessBuilder(build).directory(install.home().toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            Process building = builder.start();
            if (!building.waitFor(10, TimeUnit.MINUTES) || building.exitValue() != 0) {
                building.destroyForcibly();
                throw new IllegalStateException("kc.sh build failed; see " + log);
            }
            Files.writeString(marker, fingerprint);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Starts Keycloak in production mode ({@code kc.sh start --optimized}, after
     * {@link #buildProduction}) on plain HTTP at port 8080.
     *
     * @param launcher a command that runs {@code kc.sh} (e.g. {@code taskset -c 0}), or none
     * @param startOptions runtime options
     */
    static KeycloakProcess startProduction(KeycloakInstall install, Path log, List<String> launcher, List<String> startOptions) {
        return startProduction(install, log, launcher, startOptions, HTTP_PORT, MANAGEMENT_PORT);
    }

    /** {@link #startProduction} on other ports than the tests' (then it needs no machine lock). */
    static KeycloakProcess startProduction(KeycloakInstall install, Path log, List<String> launcher, List<String> startOptions,
            int httpPort, int managementPort) {
        refuseBusyPort(httpPort);
        refuseBusyPort(managementPort);
        String kc = install.home().resolve("bin/kc.sh").toString();
        List<String> command = new ArrayList<>(launcher);
        command.addAll(List.of(kc, "start", "--optimized", "--http-enabled=true", "--hostname-strict=false",
                "--http-port=" + httpPort, "--http-management-port=" + managementPort));
        command.addAll(startOptions);
        ProcessBuilder builder = new ProcessBuilder(command).directory(install.home().toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", "admin");
        builder.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", "admin");
        // Whole stacks in a Flight Recorder profile (the benchmark's -Dbench.profile); no cost otherwise.
        // Compiler threads that live as long as the server, so the benchmark can take their CPU out.
        builder.environment().put("JAVA_OPTS_APPEND", "-XX:FlightRecorderOptions:stackdepth=512 -XX:-UseDynamicNumberOfCompilerThreads"
                + " -Xlog:gc:file=" + log.resolveSibling(log.getFileName() + ".gc"));
        // Keycloak's own heap settings, as admins run it (kc.sh outside a container: -Xms64m
        // -Xmx512m), unless -Dbench.heap=1g (say) fixes one. In one run with a 1 GiB heap,
        // Keycloak's own operations (the ratios' denominators) measured 20 to 40% less than with
        // the default, so a fixed heap moves every ratio.
        // The GC log shows how often the server collected.
        String heap = System.getProperty("bench.heap", "");
        if (!heap.isBlank()) {
            builder.environment().put("JAVA_OPTS_KC_HEAP", "-Xms" + heap + " -Xmx" + heap);
        }
        try {
            KeycloakProcess server = new KeycloakProcess(builder.start(), log, httpPort, managementPort);
            server.awaitReady(Duration.ofMinutes(10)); // one CPU of a busy machine
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start " + command, e);
        }
    }

    private static String providersFingerprint(KeycloakInstall install) {
        try (java.util.stream.Stream<Path> jars = Files.list(install.home().resolve("providers"))) {
            java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
            for (Path jar : jars.sorted().toList()) {
                sha.update(jar.getFileName().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                sha.update(Files.readAllBytes(jar));
            }
            return java.util.HexFormat.of().formatHex(sha.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The id of the JVM that runs Keycloak ({@code kc.sh} may run it as a child). */
    long javaPid() {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(process.toHandle()), process.descendants())
                .filter(p -> p.info().command().map(c -> c.endsWith("/java")).orElse(false))
                .mapToLong(ProcessHandle::pid).findFirst()
                .orElseThrow(() -> new IllegalStateException("No java process under " + process.pid()));
    }

    String baseUrl() {
        return "http://localhost:" + httpPort;
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
        awaitReady(STARTUP_TIMEOUT);
    }

    private void awaitReady(Duration timeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest ready = HttpRequest.newBuilder(
                URI.create("http://localhost:" + managementPort + "/health/ready")).timeout(Duration.ofSeconds(5)).build();
        Instant deadline = Instant.now().plus(timeout);
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
        throw new IllegalStateException("Keycloak was not ready within " + timeout + logTail());
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
