package io.github.keycloakpin2fa.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
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
 * Two Keycloak nodes in production mode that form one Infinispan cluster over a private
 * PostgreSQL, as an operator runs it: {@code kc.sh build --db=postgres --cache=ispn}, then two
 * {@code kc.sh start --optimized} on other ports than the single test server. Nodes discover each
 * other through the database ({@code jdbc-ping}). PostgreSQL 15 is {@link PrivatePostgres}: its
 * server binaries come from Maven Central, no system package is needed.
 */
public final class KeycloakCluster implements AutoCloseable {

    /**
     * Below Linux's ephemeral range (32768 to 60999 by default): a port inside it can be held as
     * the local end of any outgoing connection an earlier test made, and PostgreSQL then cannot
     * listen on it (a CI run failed so with 55432).
     */
    private static final int PG_PORT = 15432;
    private static final int[] HTTP = {8580, 8581};
    private static final int[] MANAGEMENT = {9500, 9501};
    private static final int[] CLUSTER = {7800, 7801};

    private final Path dir;
    private final MachineLock lock;
    private final List<Process> nodes = new ArrayList<>();
    private final List<String> nodeOptions;
    private PrivatePostgres postgres;

    private KeycloakCluster(Path dir, MachineLock lock, List<String> nodeOptions) {
        this.dir = dir;
        this.lock = lock;
        this.nodeOptions = List.copyOf(nodeOptions);
    }

    /** Starts PostgreSQL and two nodes; throws if any part does not come up. */
    public static KeycloakCluster start() {
        return start(List.of());
    }

    /** Starts PostgreSQL and two nodes with further {@code kc.sh start} options (e.g. a small DB pool). */
    public static KeycloakCluster start(List<String> nodeOptions) {
        BuildLayout layout = BuildLayout.fromSystemProperties();
        KeycloakCluster cluster = new KeycloakCluster(layout.targetDir().resolve("cluster"), MachineLock.acquire(), nodeOptions);
        try {
            cluster.startPostgres();
            KeycloakInstall install = KeycloakInstall.unpack(layout.keycloakZip(), layout.targetDir().resolve("keycloak-cluster"))
                    .withProvider(layout.providerJar());
            cluster.run(List.of(install.home().resolve("bin/kc.sh").toString(), "build", "--db=postgres", "--cache=ispn",
                    "--health-enabled=true"), install.home(), "build.log", Duration.ofMinutes(10));
            // One after the other, as an operator would: the first node creates the schema; two
            // nodes migrating an empty database at once race on Liquibase's own tables.
            for (int node = 0; node < 2; node++) {
                cluster.startNode(install, node);
                cluster.awaitReady(node);
            }
            return cluster;
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    public String baseUrl(int node) {
        return "http://localhost:" + HTTP[node];
    }

    /** A view of the server that answers on {@code node}, for the usual test helpers. */
    public KeycloakServer node(int node) {
        return KeycloakServer.at(baseUrl(node));
    }

    /** What a node wrote to its console so far. */
    public String nodeLog(int node) {
        try {
            return Files.readString(dir.resolve("node" + node + ".log"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void startPostgres() {
        try {
            if (Files.exists(dir)) {
                run(List.of("rm", "-rf", dir.toString()), null, null, Duration.ofMinutes(1));
            }
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        postgres = PrivatePostgres.start(PG_PORT, dir);
    }

    private void startNode(KeycloakInstall install, int node) {
        List<String> command = new ArrayList<>(List.of(install.home().resolve("bin/kc.sh").toString(), "start", "--optimized",
                "--db-url=" + postgres.jdbcUrl(), "--db-username=postgres", "--db-password=unused",
                "--http-enabled=true", "--hostname-strict=false", "--http-port=" + HTTP[node],
                "--http-management-port=" + MANAGEMENT[node],
                "--cache-embedded-network-bind-address=127.0.0.1", "--cache-embedded-network-bind-port=" + CLUSTER[node]));
        command.addAll(nodeOptions);
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(install.home().toFile())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("node" + node + ".log").toFile());
        builder.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", "admin");
        builder.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", "admin");
        try {
            nodes.add(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitReady(int node) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://localhost:" + MANAGEMENT[node] + "/health/ready")).build();
        Instant deadline = Instant.now().plus(Duration.ofMinutes(10));
        while (Instant.now().isBefore(deadline)) {
            if (!nodes.get(node).isAlive()) {
                throw new IllegalStateException("Cluster node " + node + " exited; see " + dir.resolve("node" + node + ".log"));
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
            try {
                TimeUnit.MILLISECONDS.sleep(500); // polling a server's start, not a test's clock
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new IllegalStateException("Cluster node " + node + " was not ready; see " + dir.resolve("node" + node + ".log"));
    }

    private void run(List<String> command, Path workDir, String log, Duration timeout) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (workDir != null) {
            builder.directory(workDir.toFile());
        }
        builder.redirectOutput(log == null ? ProcessBuilder.Redirect.DISCARD : ProcessBuilder.Redirect.to(dir.resolve(log).toFile()));
        try {
            Process process = builder.start();
            if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException("Failed: " + String.join(" ", command) + (log == null ? "" : "; see " + dir.resolve(log)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            for (Process node : nodes) {
                node.descendants().forEach(ProcessHandle::destroy);
                node.destroy();
            }
            for (Process node : nodes) {
                try {
                    if (!node.waitFor(30, TimeUnit.SECONDS)) {
                        node.descendants().forEach(ProcessHandle::destroyForcibly);
                        node.destroyForcibly();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (postgres != null) {
                postgres.close();
            }
        } finally {
            lock.close();
        }
    }
}
