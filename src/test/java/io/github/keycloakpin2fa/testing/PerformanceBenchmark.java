package io.github.keycloakpin2fa.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.keycloakpin2fa.bench.BenchRealms;
import io.github.keycloakpin2fa.bench.FormLogin;
import io.github.keycloakpin2fa.bench.ProcessCpu;
import io.github.keycloakpin2fa.bench.ProfileBreakdown;
import io.github.keycloakpin2fa.bench.Report;
import io.github.keycloakpin2fa.bench.Sample;
import io.github.keycloakpin2fa.bench.Totp;
import io.github.keycloakpin2fa.bench.WebhookStub;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * The performance benchmark ({@code ./mvnw -Pbench}): one Keycloak in production mode
 * ({@code kc.sh build}, {@code kc.sh start --optimized}, H2 dev-file database) with this extension,
 * pinned to CPU 0 while this load generator runs on CPU 1. It measures, in interleaved
 * repetitions of one virtual user, the Keycloak process's CPU time per operation (from
 * {@code /proc/<pid>/stat}) and operations per second, then prints the targets as ratios.
 * Takes the machine's Keycloak lock, like the integration tests.
 */
public final class PerformanceBenchmark {

    private static final int REPETITIONS = Integer.getInteger("bench.repetitions", 3);
    private static final Duration RUN = Duration.ofMillis(Long.getLong("bench.run-millis", 4000));
    /**
     * Each repetition runs every operation in this many slices of its run time, in turns (1: each
     * once, for its whole run time). More slices spread a slow spell of the VM over every
     * operation, but also move more of the H2 writer's work for one operation's writes into the
     * next operation's figure: with 8 slices of 500 ms, send + verify measured 40% more and the
     * ratios spread no less, so the default stays 1.
     */
    private static final int SLICES = Integer.getInteger("bench.slices", 1);
    /**
     * After an operation's run, its CPU is read this much later (the operations per second are
     * not): H2's background writer writes what the run changed, and the garbage collector cleans
     * up after it, for a while after the last request. Read at once, that work was counted to the
     * operation that ran next, and made the ratios depend on which one that was.
     */
    private static final Duration SETTLE = Duration.ofMillis(Long.getLong("bench.settle-millis", 1500));
    private static final Duration WARM_UP = Duration.ofMillis(Long.getLong("bench.warm-up-millis", 6000));
    private static final int FILL = Integer.getInteger("bench.fill", 20_000);
    /** Warm-up rounds go on until the JIT compiler uses less than this share of the server's other CPU time (or 6 rounds). */
    private static final double JIT_SETTLED = Double.parseDouble(System.getProperty("bench.jit-settled", "0.05"));
    private static final int MAX_WARM_UP_ROUNDS = 6;
    private static final int PURGE_INTERVAL_SECONDS = 10;
    /**
     * The smaller purge, in PINs; the larger purges four times as many. A purge of 1,000 (the
     * default until the purge's CPU was read in ns) is about 30 ms of the timer thread's CPU, the
     * size of the error of readings in 10 ms ticks; read in ns, 4,000 cost 1.35x as much per PIN
     * as 1,000, on the timer thread too, for a reason not found. At 4,000 and 16,000 the first
     * run read 0.83x.
     */
    private static final int PURGE_FEW = Integer.getInteger("bench.purge", 4000);
    /**
     * How many times each purge is measured, {@link #PURGE_FEW} PINs and four times as many: one
     * reading of each read from 0.15x to 3.37x across runs of unchanged purge code (a few tens of
     * CPU-ms against an idle rate taken out over half a minute, and H2's writer rewriting what the
     * fill left), so the flatness is the median of the rounds' ratios.
     */
    private static final int PURGE_ROUNDS = Integer.getInteger("bench.purge-rounds", 3);
    /**
     * How often Keycloak runs its own clean-up tasks (expired user sessions, events, admin events,
     * initial access tokens, revoked tokens) on the timer thread that also runs our purge. Its
     * default, 900 s, puts their first run 15 minutes after the start, in the middle of a full
     * run's measurements (when the purge was measured last, inside one of its windows, and counted
     * as the purge's). A day keeps them out of every measurement;
     * {@code -Dbench.keycloak-tasks-seconds=900} puts Keycloak's default back. Their runs are in
     * the server's log either way (category {@code org.keycloak.services.scheduled} at debug).
     */
    private static final long KEYCLOAK_TASKS_SECONDS = Long.getLong("bench.keycloak-tasks-seconds", 86_400);
    /** The operations the ratios are taken of, by the names they are measured and reported under. */
    static final String USERNAME_LOGIN = "username-only login";
    static final String OTP_LOGIN = "username + Keycloak's OTP form login";
    static final String PIN_LOGIN = "username + PIN step login (webhook to a loopback stub)";
    static final String GRANT = "client-credentials grant";
    static final String VERIFY = "API verify (a right PIN)";
    static final String SEND_VERIFY = "API send + verify";
    private static final String DB_USER = "sa";
    private static final String DB_PASSWORD = "bench";
    /**
     * {@code -Dbench.db=postgres}: Keycloak on a private PostgreSQL server (the cluster test's, on
     * CPU 1 with the load generator) instead of the embedded H2 the figures use, so that
     * the database's own CPU is not Keycloak's. Not with {@code -Dbench.compare}.
     */
    private static final boolean ON_POSTGRES = "postgres".equals(System.getProperty("bench.db", "h2").strip());
    /**
     * {@code -Dbench.only=logins}: the three logins only (username-only, OTP form, PIN step), with
     * the fill as usual but no purge, gateway round, API operation or storage figure, so that a
     * run of many repetitions reads the PIN step's ratio with a narrow interval (30 repetitions:
     * about 9 minutes of measurements, 17 minutes in all).
     */
    private static final boolean LOGINS_ONLY = "logins".equals(System.getProperty("bench.only", "").strip());
    private static final int POSTGRES_PORT = 15439;
    /** The user {@link PrivatePostgres} lets in (trust authentication: any password). */
    private static final String POSTGRES_USER = "postgres";

    private final KeycloakServer keycloak;
    private final WebhookStub stub;
    private final ProcessCpu cpu;
    private final Report report = new Report();
    private final AtomicInteger counter = new AtomicInteger();
    private String apiKey;

    private final long serverPid;

    private PerformanceBenchmark(KeycloakServer keycloak, WebhookStub stub, long serverPid) {
        this.serverPid = serverPid;
        this.cpu = new ProcessCpu(serverPid);
        this.keycloak = keycloak;
        this.stub = stub;
    }

    public static void main(String[] args) throws Exception {
        pinThisProcessTo(1);
        BuildLayout layout = BuildLayout.fromSystemProperties();
        // -Dbench.other-ports=18480,19400 (HTTP, management) runs on ports no test uses, without the machine
        // lock; the bare -Dbench.other-ports (Maven sets it to "true") means those two.
        String otherPorts = System.getProperty("bench.other-ports", "").strip();
        if (otherPorts.equals("true")) {
            otherPorts = "18480,19400";
        }
        int[] ports = otherPorts.isBlank() ? null : java.util.Arrays.stream(otherPorts.split(",")).mapToInt(Integer::parseInt).toArray();
        String compare = System.getProperty("bench.compare", "").strip();
        if (ON_POSTGRES && !compare.isEmpty()) {
            throw new IllegalArgumentException("-Dbench.db=postgres measures one build: it cannot be combined with -Dbench.compare");
        }
        String report;
        try (AutoCloseable lock = ports == null ? MachineLock.acquire() : () -> { }) {
            if (!compare.isEmpty()) {
                report = compare(layout, ports, Path.of(compare));
            } else {
                try (Server server = Server.start(layout, layout.providerJar(), "keycloak-bench", ports)) {
                    PerformanceBenchmark bench = server.bench;
                    bench.run(server.home);
                    server.stop();
                    if (!LOGINS_ONLY) { // -Dbench.only=logins measures no storage
                        if (server.postgres == null) {
                            bench.storage(server.home, server.dbUrl, server.dbFileBefore);
                        } else {
                            bench.storageOnPostgres(server.home, server.dbUrl);
                        }
                    }
                    report = bench.report();
                }
            }
        }
        System.out.println();
        System.out.println(report);
    }

    /** One Keycloak in production mode with a provider JAR, its webhook stub, and a benchmark of it, set up. */
    private static final class Server implements AutoCloseable {
        final Path home;
        final String dbUrl;
        final WebhookStub stub;
        final KeycloakProcess process;
        final PerformanceBenchmark bench;
        final long dbFileBefore;
        /** The database server of {@code -Dbench.db=postgres}; null on the embedded H2. */
        final PrivatePostgres postgres;

        private Server(Path home, String dbUrl, WebhookStub stub, KeycloakProcess process, PerformanceBenchmark bench, long dbFileBefore,
                PrivatePostgres postgres) {
            this.home = home;
            this.dbUrl = dbUrl;
            this.stub = stub;
            this.process = process;
            this.bench = bench;
            this.dbFileBefore = dbFileBefore;
            this.postgres = postgres;
        }

        /** Builds, starts and sets up a server under {@code target/<name>} (log {@code target/<name>.log}); null ports: 8080 and 9000. */
        static Server start(BuildLayout layout, Path providerJar, String name, int[] ports) throws Exception {
            Path home = layout.targetDir().resolve(name);
            Path log = layout.targetDir().resolve(name + ".log");
            Files.deleteIfExists(log);
            KeycloakInstall install = KeycloakInstall.unpack(layout.keycloakZip(), home).withOnlyProvider(providerJar);
            System.out.println("Building Keycloak for production mode with " + providerJar.getFileName() + " (log: " + log + ")...");
            KeycloakProcess.buildProduction(install, log, List.of(ON_POSTGRES ? "--db=postgres" : "--db=dev-file", "--health-enabled=true"));
            WebhookStub stub = new WebhookStub();
            KeycloakProcess process = null;
            PrivatePostgres postgres = null;
            try {
                install.withEmptyDatabase();
                String dbUrl = "jdbc:h2:file:" + home.resolve("data/h2/keycloakdb") + ";NON_KEYWORDS=VALUE;DB_CLOSE_ON_EXIT=FALSE";
                String dbUser = DB_USER;
                if (ON_POSTGRES) {
                    System.out.println("Starting PostgreSQL on CPU 1, beside the load generator...");
                    postgres = PrivatePostgres.start(POSTGRES_PORT, layout.targetDir());
                    postgres.pinTo("1");
                    dbUrl = postgres.jdbcUrl();
                    dbUser = POSTGRES_USER;
                }
                System.out.println("Starting Keycloak on CPU 0...");
                long started = System.nanoTime();
                List<String> launcher = List.of("taskset", "-c", "0");
                List<String> options = List.of("--db-url=" + dbUrl, "--db-username=" + dbUser, "--db-password=" + DB_PASSWORD,
                        "--spi-pin-delivery--webhook--url=" + stub.url(),
                        // Expired PINs purged at once, every 10 s, for measuring the purge.
                        "--spi-pin-housekeeping--default--retention-after-expiry-seconds=0",
                        "--spi-pin-housekeeping--default--purge-interval-seconds=" + PURGE_INTERVAL_SECONDS,
                        "--spi-scheduled--interval=" + KEYCLOAK_TASKS_SECONDS,
                        "--log-level=INFO,org.keycloak.services.scheduled:debug");
                process = ports == null ? KeycloakProcess.startProduction(install, log, launcher, options)
                        : KeycloakProcess.startProduction(install, log, launcher, options, ports[0], ports[1]);
                System.out.printf(Locale.ROOT, "Keycloak (pid %d) ready after %d s%n", process.javaPid(),
                        (System.nanoTime() - started) / 1_000_000_000);
                PerformanceBenchmark bench = new PerformanceBenchmark(KeycloakServer.at(process.baseUrl()), stub, process.javaPid());
                bench.setUp();
                return new Server(home, dbUrl, stub, process, bench, ON_POSTGRES ? 0 : Files.size(home.resolve("data/h2/keycloakdb.mv.db")),
                        postgres);
            } catch (Exception | Error e) {
                if (process != null) {
                    process.close();
                }
                stub.close();
                if (postgres != null) {
                    postgres.close();
                }
                throw e;
            }
        }

        void stop() {
            process.close();
        }

        @Override
        public void close() {
            process.close();
            stub.close();
            if (postgres != null) {
                postgres.close();
            }
        }
    }

    /**
     * {@code -Dbench.compare=<other JAR>}: the same operations on two servers at once, this build's
     * JAR (A) and the other (B), each in its own install and database, both on CPU 0; in each
     * repetition every operation runs on A and on B back to back (A first in odd repetitions, B
     * first in even ones), and the figure of a change is the median over the repetitions of B's
     * CPU-ms over A's. This VM's speed moves by a fifth between runs, so two separate runs cannot
     * show a change of a few percent; measured back to back, both sides meet the same spells.
     * No purge, gateway or storage figures: {@code -Dbench.fill=} still fills both windows.
     */
    private static String compare(BuildLayout layout, int[] ports, Path otherJar) throws Exception {
        if (!Files.isRegularFile(otherJar)) {
            throw new IllegalArgumentException("-Dbench.compare: no such JAR: " + otherJar);
        }
        int[] portsB = ports == null ? new int[] {18481, 19401} : new int[] {ports[0] + 1, ports[1] + 1};
        try (Server a = Server.start(layout, layout.providerJar(), "keycloak-bench", ports);
                Server b = Server.start(layout, otherJar, "keycloak-bench-b", portsB)) {
            List<PerformanceBenchmark> both = List.of(a.bench, b.bench);
            for (PerformanceBenchmark bench : both) {
                bench.defineOperations();
                for (Runnable op : bench.operations.values()) {
                    op.run();
                }
            }
            String load = loadAverage();
            for (PerformanceBenchmark bench : both) {
                bench.fill();
                bench.newVerifyPin.run();
            }
            for (PerformanceBenchmark bench : both) {
                System.out.println(bench == a.bench ? "Warming up A (this build)..." : "Warming up B (" + otherJar.getFileName() + ")...");
                bench.warmUp(bench.operations.values(), bench.pinForm);
            }
            for (int rep = 1; rep <= REPETITIONS; rep++) {
                System.out.printf(Locale.ROOT, "Repetition %d of %d...%n", rep, REPETITIONS);
                for (PerformanceBenchmark bench : both) {
                    bench.newVerifyPin.run();
                }
                List<PerformanceBenchmark> order = rep % 2 == 1 ? both : List.of(b.bench, a.bench);
                for (String name : rotated(List.copyOf(a.bench.operations.keySet()), rep - 1)) {
                    for (PerformanceBenchmark bench : order) {
                        bench.endLoginSessions();
                        bench.report.add(name, bench.measure(RUN, bench.operations.get(name), SETTLE));
                    }
                }
            }
            return compareReport(a.bench.report, b.bench.report, a.bench.operations.keySet(), otherJar, load);
        }
    }

    /** The comparison's table: each operation's medians on A and B, and B / A in each repetition with its median. */
    static String compareReport(Report a, Report b, java.util.Collection<String> operations, Path otherJar, String load) {
        StringBuilder out = new StringBuilder();
        out.append("A: this build; B: ").append(otherJar).append(System.lineSeparator());
        out.append("machine load average at the start of the measurements: ").append(load).append(System.lineSeparator());
        out.append(String.format(Locale.ROOT, "%-58s %8s %8s %8s   %s%n", "CPU-ms per operation", "A", "B", "B / A", "B / A in each repetition"));
        int reps = Math.min(a.repetitions(), b.repetitions());
        for (String name : operations) {
            out.append(compareLine(name, a.cpu(name), b.cpu(name), i -> b.cpu(name, i) / a.cpu(name, i), reps));
        }
        String username = USERNAME_LOGIN;
        String otp = OTP_LOGIN;
        String pin = PIN_LOGIN;
        out.append(compareLine("PIN step alone (PIN login less username-only)", a.cpu(pin) - a.cpu(username), b.cpu(pin) - b.cpu(username),
                i -> (b.cpu(pin, i) - b.cpu(username, i)) / (a.cpu(pin, i) - a.cpu(username, i)), reps));
        out.append(compareLine("OTP step alone (OTP login less username-only)", a.cpu(otp) - a.cpu(username), b.cpu(otp) - b.cpu(username),
                i -> (b.cpu(otp, i) - b.cpu(username, i)) / (a.cpu(otp, i) - a.cpu(username, i)), reps));
        return out.toString();
    }

    private static String compareLine(String name, double a, double b, java.util.function.IntToDoubleFunction ratio, int reps) {
        double[] each = java.util.stream.IntStream.range(0, reps).mapToDouble(ratio).toArray();
        StringBuilder line = new StringBuilder();
        for (double r : each) {
            line.append(String.format(Locale.ROOT, " %.2f", r));
        }
        return String.format(Locale.ROOT, "%-58s %8.2f %8.2f %8.2f  %s%n", name, a, b, Report.median(each), line);
    }

    private void setUp() {
        for (var realm : List.of(BenchRealms.usernameRealm(), BenchRealms.otpRealm(), BenchRealms.pinRealm())) {
            expect(keycloak.adminPost("/realms", realm.toString()), 201, "create realm " + realm.get("realm").asText());
        }
        expect(keycloak.adminPost("/realms/" + BenchRealms.PIN_REALM + "/clients", """
                {"clientId": "bench-service", "publicClient": false, "secret": "bench-secret",
                 "serviceAccountsEnabled": true, "standardFlowEnabled": false, "directAccessGrantsEnabled": false}"""),
                201, "create the service client");
        HttpResponse<String> key = expect(keycloak.adminPost("/realms/" + BenchRealms.PIN_REALM + "/2fa/api-keys",
                "{\"name\": \"bench\", \"scopes\": [\"2fa:pin:send\"]}"), 201, "create an API key");
        apiKey = "App " + KeycloakServer.json(key.body()).get("apiKey").asText();
    }

    /** The measured operations, by name, in the order they run (see {@link #defineOperations}). */
    private Map<String, Runnable> operations;
    /** Sends the PIN that "API verify" checks again and again. */
    private Runnable newVerifyPin;
    /** The PIN realm's login form. */
    private FormLogin pinForm;

    private void run(Path home) throws Exception {
        defineOperations();
        Map<String, Runnable> operations = this.operations;
        FormLogin pin = pinForm;
        // Each operation once before the long fill, so a broken one stops the run in seconds.
        for (Runnable op : operations.values()) {
            op.run();
        }
        endLoginSessions();
        report.note("database: " + (ON_POSTGRES ? "PostgreSQL (-Dbench.db=postgres), a process of its own on CPU 1: its CPU is not"
                + " in the figures" : "the embedded H2 (dev-file), inside Keycloak's process"));
        report.note("machine load average at the start of the measurements: " + loadAverage());
        report.note("Keycloak's own clean-up tasks every " + KEYCLOAK_TASKS_SECONDS + " s (-Dbench.keycloak-tasks-seconds)");
        fill();
        if (PURGE_FEW > 0 && !LOGINS_ONLY) { // -Dbench.purge=0 leaves the purge out (a quicker run, for profiling)
            // Measured before any other PIN of the run can expire: the fill's live an hour (the
            // measurements take about 20 minutes), the warm-up's 15 minutes, the logins' 5, and the
            // purge deletes whatever is due, so at the end of a full run it deleted them inside these
            // measurements too (in one run, by the fill's timing, about 2,700 of its PINs in the
            // 1,000-PIN purge's window). A first round, not reported, runs the purge's code on as
            // many rows before they are measured.
            purgeCost(PURGE_FEW, false);
            for (int round = 1; round <= PURGE_ROUNDS; round++) {
                // The larger purge first in every other round: what a purge leaves H2's writer
                // to do falls on the next one, and so on each size alike.
                boolean fewFirst = round % 2 == 1;
                purgeCost(fewFirst ? PURGE_FEW : 4 * PURGE_FEW, true);
                purgeCost(fewFirst ? 4 * PURGE_FEW : PURGE_FEW, true);
            }
        }
        newVerifyPin.run();
        warmUp(operations.values(), pin);
        for (int rep = 1; rep <= REPETITIONS; rep++) {
            System.out.printf(Locale.ROOT, "Repetition %d of %d...%n", rep, REPETITIONS);
            newVerifyPin.run();
            Map<String, Sample> repetition = new java.util.LinkedHashMap<>();
            for (int slice = 0; slice < SLICES; slice++) {
                for (Map.Entry<String, Runnable> op : rotated(List.copyOf(operations.entrySet()), rep - 1)) {
                    endLoginSessions();
                    Map<String, Long> threadsBefore = cpu.millisByThread();
                    Sample sample = measure(RUN.dividedBy(SLICES), op.getValue(), SETTLE);
                    report.addThreads(op.getKey(), ProcessCpu.groupDelta(threadsBefore, cpu.millisByThread()), sample.operations());
                    repetition.merge(op.getKey(), sample, Sample::plus);
                }
            }
            repetition.forEach(report::add);
            if (!LOGINS_ONLY) {
                endLoginSessions();
                gatewayRound(pin, RUN, report);
            }
        }
        report.note("machine load average at the end of the measurements: " + loadAverage());
        report.note(String.format(Locale.ROOT, "the server's JIT compiler threads used %.1f CPU-s in all, left out of every figure",
                cpu.compilerMillis() / 1000.0));
        String profiled = System.getProperty("bench.profile");
        if (profiled != null && !profiled.isBlank()) {
            newVerifyPin.run();
            profile(home, operations, profiled);
        }
    }

    /**
     * {@code items} starting at index {@code by} (modulo their number), the ones before it last:
     * each repetition runs the operations in the next such order, so that no operation always
     * follows the same one (the PIN login used to run right after the OTP login every time).
     */
    static <T> List<T> rotated(List<T> items, int by) {
        if (items.isEmpty()) {
            return items;
        }
        int start = Math.floorMod(by, items.size());
        List<T> order = new ArrayList<>(items.subList(start, items.size()));
        order.addAll(items.subList(0, start));
        return order;
    }

    /** Defines the operations, their login forms and the PIN "API verify" checks (sent once now). */
    private void defineOperations() {
        FormLogin usernameOnly = new FormLogin(keycloak.baseUrl(), BenchRealms.USERNAME_REALM, BenchRealms.CLIENT);
        FormLogin otp = new FormLogin(keycloak.baseUrl(), BenchRealms.OTP_REALM, BenchRealms.CLIENT);
        FormLogin pin = new FormLogin(keycloak.baseUrl(), BenchRealms.PIN_REALM, BenchRealms.CLIENT);
        byte[] otpSecret = BenchRealms.OTP_SECRET.getBytes(StandardCharsets.UTF_8);
        // The PIN "API verify" checks again and again: sent anew before each repetition (and before
        // the warm-up and the profile), never inside a measurement, since its PIN lives 15 minutes
        // and a full run lasts longer (the purge then takes it away, and its verify answers 404).
        String verifyTo = "41793000001";
        AtomicReference<String[]> verifyTarget = new AtomicReference<>();
        newVerifyPin = () -> {
            String pinId = send(BenchRealms.API_APP, verifyTo);
            verifyTarget.set(new String[] {pinId, pinSentTo(verifyTo)});
        };
        newVerifyPin.run();
        pinForm = pin;

        Map<String, Runnable> operations = new java.util.LinkedHashMap<>();
        operations.put(USERNAME_LOGIN, () -> usernameOnly.logIn("user-0", null));
        operations.put(OTP_LOGIN,
                () -> otp.logIn("user-0", u -> Map.of("otp", Totp.code(otpSecret, System.currentTimeMillis(), 6))));
        operations.put(PIN_LOGIN, () -> pinLogin(pin, false));
        operations.put(GRANT, this::grant);
        operations.put(VERIFY, () -> verify(verifyTarget.get()[0], verifyTarget.get()[1]));
        operations.put(SEND_VERIFY, () -> {
            String to = destination("41794", 500);
            String pinId = send(BenchRealms.API_APP, to);
            verify(pinId, pinSentTo(to));
        });
        operations.put("API send, application window empty", () -> send(BenchRealms.EMPTY_WINDOW_APP, destination("41795", 500)));
        operations.put("API send, application window holding " + FILL + " sends",
                () -> send(BenchRealms.FULL_WINDOW_APP, destination("41796", 500)));
        if (LOGINS_ONLY) {
            operations.keySet().retainAll(List.of(USERNAME_LOGIN, OTP_LOGIN, PIN_LOGIN));
        }
        this.operations = operations;
    }

    /**
     * Runs the operations whose name contains one of {@code which} (comma-separated) under Java Flight Recorder in the
     * server, for {@code bench.profile-seconds} (20) each, for finding where their CPU goes
     * ({@code jfr print --events jdk.ExecutionSample}); {@code gateway} names other users' PIN
     * logins while the slow ones wait on the gateway.
     */
    private void profile(Path home, Map<String, Runnable> operations, String which) throws Exception {
        for (Map.Entry<String, Runnable> op : operations.entrySet()) {
            if (java.util.Arrays.stream(which.split(",")).noneMatch(w -> !w.isBlank() && op.getKey().contains(w.strip()))) {
                continue;
            }
            Path file = home.getParent().resolve("bench-" + op.getKey().replaceAll("[^A-Za-z0-9]+", "-") + ".jfr");
            endLoginSessions();
            jcmd("JFR.start", "name=bench", "settings=profile", "filename=" + file);
            Sample sample = measure(Duration.ofSeconds(Long.getLong("bench.profile-seconds", 20)), op.getValue(), Duration.ZERO);
            jcmd("JFR.stop", "name=bench");
            // How many operations the recording holds: its samples' share of a path, times the CPU
            // per operation, gives that path's CPU per operation.
            report.note(String.format(Locale.ROOT, "profile of %s: %s (%d operations, %.2f server CPU-ms each)", op.getKey(), file,
                    sample.operations(), sample.cpuMillisPerOperation()));
            breakDown(op.getKey(), file);
        }
        if (java.util.Arrays.stream(which.split(",")).anyMatch(w -> w.strip().equals("gateway"))) {
            // Other users' PIN logins while the slow ones wait: what the gateway round's second half costs.
            Path file = home.getParent().resolve("bench-gateway.jfr");
            endLoginSessions();
            whileSlowLoginsWait(pinForm, () -> {
                jcmd("JFR.start", "name=bench", "settings=profile", "filename=" + file);
                measure(Duration.ofSeconds(Long.getLong("bench.profile-seconds", 20)), () -> pinLogin(pinForm, false), Duration.ZERO);
                jcmd("JFR.stop", "name=bench");
                return null;
            });
            report.note("profile of other users' PIN logins while 8 wait on the slow gateway: " + file);
        }
    }

    /**
     * For the OTP and the PIN login, where the recording's samples fell, as CPU-ms per operation of
     * the figures measured without the recorder ({@link ProfileBreakdown}).
     */
    private void breakDown(String operation, Path file) throws IOException {
        List<ProfileBreakdown.Part> parts = operation.equals(PIN_LOGIN) ? ProfileBreakdown.PIN_STEP
                : operation.equals(OTP_LOGIN) ? ProfileBreakdown.OTP_STEP : null;
        if (parts == null) {
            return;
        }
        List<List<String>> stacks = ProfileBreakdown.stacks(file);
        double cpu = report.cpu(operation);
        Map<String, Double> shares = ProfileBreakdown.shares(stacks, parts);
        report.note(String.format(Locale.ROOT, "where %s goes, by its %d samples' shares of its %.2f CPU-ms measured above:", operation,
                stacks.size(), cpu));
        ProfileBreakdown.lines(shares, cpu).forEach(report::note);
        if (operation.equals(PIN_LOGIN)) {
            report.note(String.format(Locale.ROOT, "  the PIN step's limits together (the first %d parts): %.2f CPU-ms",
                    ProfileBreakdown.PIN_STEP_LIMITS, ProfileBreakdown.firstParts(shares, ProfileBreakdown.PIN_STEP_LIMITS, cpu)));
        }
    }

    private void jcmd(String... command) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(serverPid)));
        full.addAll(List.of(command));
        Process jcmd = new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (jcmd.waitFor() != 0) {
            throw new IllegalStateException("jcmd failed: " + full);
        }
    }

    /**
     * Runs every operation until the server's code is compiled: while the JIT compiler is still
     * busy, the code it has not compiled yet runs slower, and the first repetitions measured
     * 1.5 to 2 times what the last did. A round runs each operation for the warm-up time; rounds
     * go on until the compiler threads used less than {@link #JIT_SETTLED} of the server's other
     * CPU time during one.
     */
    private void warmUp(java.util.Collection<Runnable> operations, FormLogin pin) throws Exception {
        for (int round = 1;; round++) {
            System.out.printf(Locale.ROOT, "Warming up, round %d...%n", round);
            long jitBefore = cpu.compilerMillis();
            long cpuBefore = cpu.millis();
            for (Runnable op : operations) {
                endLoginSessions();
                measure(WARM_UP, op, Duration.ZERO);
            }
            endLoginSessions();
            gatewayRound(pin, WARM_UP, null);
            double jitShare = (cpu.compilerMillis() - jitBefore) / (double) Math.max(1, cpu.millis() - cpuBefore);
            System.out.printf(Locale.ROOT, "  the JIT compiler used %.1f%% of the server's other CPU time%n", 100 * jitShare);
            if (jitShare < JIT_SETTLED || round >= MAX_WARM_UP_ROUNDS) {
                report.note(String.format(Locale.ROOT, "warm-up: %d rounds; in the last, the JIT compiler used %.1f%% of the"
                        + " server's other CPU time (settled below %.0f%%)", round, 100 * jitShare, 100 * JIT_SETTLED));
                return;
            }
        }
    }

    /**
     * The server's CPU time for purging {@code count} expired PINs, reported unless
     * {@code reported} is false (a warm-up round). They are all sent before the first expires;
     * from the first expiry until one purge period after the last, the CPU of the threads that
     * purge ({@link ProcessCpu#purgeThreadsNanos}, the kernel's count in ns, not 10 ms ticks),
     * less their idle rate over that time (the lower of the rates just before the sends and just
     * after), is the purge's. (The whole process's CPU, less its idle rate, measured 0 for 1,000
     * PINs in one run: its garbage collections while idle outweighed the purge.)
     */
    private void purgeCost(int count, boolean reported) throws Exception {
        long period = (PURGE_INTERVAL_SECONDS + 1) * 1000L;
        long life = BenchRealms.SHORT_LIFE_SECONDS * 1000L;
        // The idle rate, measured twice: before the sends, after two purge periods of quiet
        // (right after the fill or the round before, H2's writer was still writing what they
        // left, and an idle rate measured then cancelled a whole purge of 1,000 PINs), and
        // after the window; the lower of the two is taken out, so no leftover work of the
        // run before can hide the purge's own.
        Thread.sleep(2 * period);
        double[] idleBefore = idleRates(period);
        long sendStarted = System.currentTimeMillis();
        parallel(count, () -> send(BenchRealms.SHORT_LIVED_APP, destination("41797", 2000)));
        long sendEnded = System.currentTimeMillis();
        String name = purgeName(count);
        if (sendEnded - sendStarted > life - 1000) {
            report.note(name + ": not measured, sending took " + (sendEnded - sendStarted) + " ms, longer than the PINs live");
            if (reported) {
                report.add(name, new Sample(0, 0, 0)); // NaN: the rounds of both sizes stay paired
            }
            return;
        }
        Thread.sleep(Math.max(0, sendStarted + life - System.currentTimeMillis()));
        long before = cpu.purgeThreadsNanos();
        long writerBefore = cpu.h2WriterNanos();
        long started = System.currentTimeMillis();
        Thread.sleep(Math.max(0, sendEnded + life + period - started));
        long wall = System.currentTimeMillis() - started;
        if (!reported) {
            return;
        }
        long purgeThreads = cpu.purgeThreadsNanos() - before;
        long writerThread = cpu.h2WriterNanos() - writerBefore;
        double[] idleAfter = idleRates(period);
        double idlePerMilli = Math.min(idleBefore[0], idleAfter[0]);
        double writerIdlePerMilli = Math.min(idleBefore[1], idleAfter[1]);
        long used = Math.max(0, Math.round((purgeThreads - idlePerMilli * wall) / 1e6));
        long writer = Math.round((writerThread - writerIdlePerMilli * wall) / 1e6);
        report.add(name, new Sample(count, used, wall));
        // Where it went: the purge's own transactions, and what H2's writer did meanwhile, which
        // also includes rewriting the file's chunks that the sends before left behind.
        report.note(String.format(Locale.ROOT, "purge of %d PINs: %d CPU-ms on Keycloak's timer thread, %d on H2's background writer"
                + " (each less its idle rate), measured from %s to %s UTC", count, used - writer, writer,
                clockTime(started), clockTime(started + wall)));
    }

    /** The name the purge of {@code count} PINs at once is measured and reported under. */
    private static String purgeName(int count) {
        return "purge, per expired PIN (" + count + " at once)";
    }

    /** CPU-ns per ms of the purging threads, then of H2's writer alone, over {@code millis} of no requests. */
    private double[] idleRates(long millis) throws InterruptedException {
        long threads = cpu.purgeThreadsNanos();
        long writer = cpu.h2WriterNanos();
        long started = System.currentTimeMillis();
        Thread.sleep(millis);
        double elapsed = System.currentTimeMillis() - started;
        return new double[] {(cpu.purgeThreadsNanos() - threads) / elapsed, (cpu.h2WriterNanos() - writer) / elapsed};
    }

    /** The time of day of an epoch millisecond, for finding a measurement in the server's log. */
    static String clockTime(long epochMillis) {
        return java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT).withZone(java.time.ZoneOffset.UTC)
                .format(java.time.Instant.ofEpochMilli(epochMillis));
    }

    private static void parallel(int times, Runnable op) throws Exception {
        AtomicInteger left = new AtomicInteger(times);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            done.add(pool.submit(() -> {
                while (left.getAndDecrement() > 0) {
                    op.run();
                }
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
    }

    /** Fills one application's window with sends, from a few parallel clients. */
    private void fill() throws Exception {
        System.out.printf(Locale.ROOT, "Filling an application's window with %d sends...%n", FILL);
        long cpuBefore = cpu.millis();
        long started = System.nanoTime();
        parallel(FILL, () -> send(BenchRealms.FULL_WINDOW_APP, destination("41796", 500)));
        report.note(String.format(Locale.ROOT, "filling the window: %d sends in %.0f s, %.2f server CPU-ms per send",
                FILL, (System.nanoTime() - started) / 1e9, (cpu.millis() - cpuBefore) / (double) FILL));
    }

    /**
     * Other users' PIN logins alone, with {@link BenchRealms#SLOW_USERS} logins waiting on a
     * gateway that answers after 2 s, and alone again.
     */
    private void gatewayRound(FormLogin pin, Duration run, Report into) throws Exception {
        // Its target is a rate; the CPU is read at once, as the slow logins go on after the run.
        // The idle half runs half before the slow logins and half after them, so that a drift of
        // the machine's speed within the round weighs on both sides alike.
        Map<String, Long> idleBefore = cpu.millisByThread();
        Sample alone = measure(run.dividedBy(2), () -> pinLogin(pin, false), Duration.ZERO);
        Map<String, Long> idle = ProcessCpu.groupDelta(idleBefore, cpu.millisByThread());
        Map<String, Long> slow = new java.util.HashMap<>();
        Sample withSlow = whileSlowLoginsWait(pin, () -> {
            Map<String, Long> slowBefore = cpu.millisByThread();
            Sample sample = measure(run, () -> pinLogin(pin, false), Duration.ZERO);
            slow.putAll(ProcessCpu.groupDelta(slowBefore, cpu.millisByThread()));
            return sample;
        });
        Map<String, Long> idleAgainBefore = cpu.millisByThread();
        alone = alone.plus(measure(run.dividedBy(2), () -> pinLogin(pin, false), Duration.ZERO));
        idle = Report.sum(idle, ProcessCpu.groupDelta(idleAgainBefore, cpu.millisByThread()));
        if (into != null) {
            into.add("other users' PIN logins, gateway idle", alone);
            into.add("other users' PIN logins, 8 logins waiting on a 2 s gateway", withSlow);
            into.note("gateway round, the server's CPU-ms per second of wall time by thread, idle -> with slow logins: "
                    + Report.threadShares(idle, alone.wallMillis(), slow, withSlow.wallMillis()));
        }
    }

    /** Runs {@code during} while {@link BenchRealms#SLOW_USERS} logins wait on the slow gateway, again and again. */
    private <T> T whileSlowLoginsWait(FormLogin pin, java.util.concurrent.Callable<T> during) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService slow = Executors.newFixedThreadPool(BenchRealms.SLOW_USERS);
        try {
            List<Future<?>> loops = new ArrayList<>();
            for (int i = 0; i < BenchRealms.SLOW_USERS; i++) {
                int user = i;
                loops.add(slow.submit(() -> {
                    while (!stop.get()) {
                        pinLoginOf(pin, user, true);
                    }
                }));
            }
            Thread.sleep(500); // all of them waiting on the gateway
            T result = during.call();
            stop.set(true);
            for (Future<?> f : loops) {
                f.get();
            }
            return result;
        } finally {
            stop.set(true);
            slow.shutdown();
        }
    }

    /**
     * Ends every user session of the three login realms (Keycloak's {@code logout-all}), then
     * logs in once on each (their realms were just updated, and are loaded again outside the
     * measurement) and waits {@link #SETTLE}, so that each measurement starts with one stored user
     * session per login realm, those logins' own. Without it the sessions of every login of the run stay stored (they outlive it,
     * and Keycloak's clean-up tasks are held back, see {@link #KEYCLOAK_TASKS_SECONDS}), and on
     * H2 Keycloak's look-up of a new login's client session by its key
     * ({@code JpaUserSessionPersisterProvider.loadClientSession}; Hibernate's batch loader asks
     * for {@code (USER_SESSION_ID, CLIENT_ID, ...) IN ((?, ...), ...)}, which H2 answers by
     * walking every online client session of the database) grows with all of them: in one profile
     * it was 14% of an OTP login and 32% of a PIN login taken a minute later, in every login flow
     * alike, so each login's cost depended on how long the server had run.
     */
    private void endLoginSessions() {
        for (String realm : List.of(BenchRealms.USERNAME_REALM, BenchRealms.OTP_REALM, BenchRealms.PIN_REALM)) {
            expect(keycloak.adminPost("/realms/" + realm + "/logout-all", ""), 200, "end the sessions of " + realm);
        }
        for (String login : List.of(USERNAME_LOGIN, OTP_LOGIN, PIN_LOGIN)) {
            operations.get(login).run();
        }
        sleep(SETTLE);
    }

    /** Runs {@code op} for {@code run}; its CPU is read {@code settle} after the last one. */
    private Sample measure(Duration run, Runnable op, Duration settle) {
        long gcBefore = cpu.concurrentGcMillis();
        long cpuBefore = cpu.millis();
        long started = System.nanoTime();
        long deadline = started + run.toNanos();
        long n = 0;
        do {
            op.run();
            n++;
        } while (System.nanoTime() < deadline);
        long wall = (System.nanoTime() - started) / 1_000_000;
        sleep(settle);
        return new Sample(n, cpu.millis() - cpuBefore, wall, cpu.concurrentGcMillis() - gcBefore);
    }

    private static void sleep(Duration time) {
        try {
            Thread.sleep(time.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private void pinLogin(FormLogin pin, boolean slow) {
        pinLoginOf(pin, Math.floorMod(counter.incrementAndGet(), BenchRealms.PIN_USERS), slow);
    }

    private void pinLoginOf(FormLogin pin, int user, boolean slow) {
        String to = BenchRealms.phoneOf(user, slow).substring(1);
        pin.logIn(BenchRealms.usernameOf(user, slow), u -> Map.of("pin", pinSentTo(to)));
    }

    /** The last PIN the stub received for {@code to}; none means the server sent none (see its log). */
    private String pinSentTo(String to) {
        String pin = stub.lastPin(to);
        if (pin == null) {
            throw new IllegalStateException("No PIN reached the gateway for " + to + ": see target/keycloak-bench.log");
        }
        return pin;
    }

    private String destination(String prefix, int spread) {
        return prefix + String.format(Locale.ROOT, "%06d", Math.floorMod(counter.incrementAndGet(), spread));
    }

    private void grant() {
        String form = "grant_type=client_credentials&client_id=bench-service&client_secret=bench-secret";
        expect(keycloak.send(HttpRequest.newBuilder(keycloak.uri("/realms/" + BenchRealms.PIN_REALM + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build()), 200, "client-credentials grant");
    }

    private String send(String app, String to) {
        HttpResponse<String> response = expect(api("/2/pin?ncNeeded=false", """
                {"applicationId": "%s", "messageId": "%s", "to": "%s"}""".formatted(app, BenchRealms.templateOf(app), to)), 200, "send");
        return KeycloakServer.json(response.body()).get("pinId").asText();
    }

    private void verify(String pinId, String pin) {
        HttpResponse<String> response = expect(api("/2/pin/" + pinId + "/verify", "{\"pin\": \"" + pin + "\"}"), 200, "verify");
        JsonNode answer = KeycloakServer.json(response.body());
        if (!answer.path("verified").asBoolean()) {
            throw new IllegalStateException("The right PIN did not verify: " + response.body());
        }
    }

    private HttpResponse<String> api(String path, String json) {
        return keycloak.send(HttpRequest.newBuilder(keycloak.uri("/realms/" + BenchRealms.PIN_REALM + "/2fa" + path))
                .header("Authorization", apiKey).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    private static HttpResponse<String> expect(HttpResponse<String> response, int status, String what) {
        if (response.statusCode() != status) {
            throw new IllegalStateException(what + ": HTTP " + response.statusCode() + " " + response.body());
        }
        return response;
    }

    /** Bytes our tables take per stored PIN, read from the stopped server's database. */
    private void storage(Path home, String dbUrl, long dbFileBefore) throws Exception {
        onDatabase(home, "com.h2database.h2-", "org.h2.Driver", dbUrl, DB_USER, sql -> {
            long pins = single(sql, "SELECT COUNT(*) FROM PIN2FA_PIN");
            report.note("Keycloak's stored client sessions at the end (each measurement starts with one per login realm, see endLoginSessions): "
                    + single(sql, "SELECT COUNT(*) FROM OFFLINE_CLIENT_SESSION"));
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = sql.executeQuery(
                    "SELECT TABLE_NAME FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME LIKE 'PIN2FA%' ORDER BY TABLE_NAME")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            long bytes = 0;
            StringBuilder each = new StringBuilder();
            for (String table : tables) {
                long used = single(sql, "SELECT DISK_SPACE_USED('" + table + "')");
                bytes += used;
                each.append(String.format(Locale.ROOT, " %s %d kB,", table, used / 1024));
            }
            double perPin = pins == 0 ? Double.NaN : (double) bytes / pins;
            report.note(String.format(Locale.ROOT, "storage: %d PIN records; our tables (rows and indexes):%s %.0f bytes per PIN",
                    pins, each, perPin));
            long dbFileAfter = Files.size(home.resolve("data/h2/keycloakdb.mv.db"));
            report.note(String.format(Locale.ROOT, "the whole database file grew %.0f bytes per PIN sent during the run"
                    + " (user sessions of every login and H2's unreclaimed pages included)",
                    (dbFileAfter - dbFileBefore) / (double) Math.max(1, stub.received())));
            storedBytesPerPin = perPin;
        });
    }

    /** Bytes our tables take per stored PIN on PostgreSQL ({@code pg_total_relation_size}: rows, indexes and TOAST). */
    private void storageOnPostgres(Path home, String dbUrl) throws Exception {
        onDatabase(home, "org.postgresql.postgresql-", "org.postgresql.Driver", dbUrl, POSTGRES_USER, sql -> {
            long pins = single(sql, "SELECT COUNT(*) FROM pin2fa_pin");
            long bytes = 0;
            StringBuilder each = new StringBuilder();
            try (ResultSet rs = sql.executeQuery("SELECT relname, pg_total_relation_size(oid) FROM pg_class"
                    + " WHERE relkind = 'r' AND relname LIKE 'pin2fa%' ORDER BY relname")) {
                while (rs.next()) {
                    bytes += rs.getLong(2);
                    each.append(String.format(Locale.ROOT, " %s %d kB,", rs.getString(1), rs.getLong(2) / 1024));
                }
            }
            double perPin = pins == 0 ? Double.NaN : (double) bytes / pins;
            report.note(String.format(Locale.ROOT, "storage on PostgreSQL: %d PIN records; our tables (rows, indexes, TOAST):%s"
                    + " %.0f bytes per PIN", pins, each, perPin));
            storedBytesPerPin = perPin;
        });
    }

    /** What is read from the server's database. */
    @FunctionalInterface
    private interface SqlWork {
        void run(Statement sql) throws Exception;
    }

    /**
     * Runs {@code work} on the server's database through the JDBC driver of Keycloak's own
     * distribution ({@code lib/lib/main/<jarPrefix>*.jar}), which this JVM does not have.
     */
    private static void onDatabase(Path home, String jarPrefix, String driverClass, String dbUrl, String user, SqlWork work)
            throws Exception {
        Path jar;
        try (Stream<Path> jars = Files.list(home.resolve("lib/lib/main"))) {
            jar = jars.filter(p -> p.getFileName().toString().startsWith(jarPrefix)).findFirst().orElseThrow();
        }
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
            Driver driver = (Driver) loader.loadClass(driverClass).getDeclaredConstructor().newInstance();
            Properties credentials = new Properties();
            credentials.setProperty("user", user);
            credentials.setProperty("password", DB_PASSWORD);
            try (Connection db = driver.connect(dbUrl, credentials); Statement sql = db.createStatement()) {
                work.run(sql);
            }
        }
    }

    private double storedBytesPerPin = Double.NaN;

    private static long single(Statement sql, String query) throws Exception {
        try (ResultSet rs = sql.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private String report() {
        String username = USERNAME_LOGIN;
        String otpLogin = OTP_LOGIN;
        String pinLogin = PIN_LOGIN;
        String grant = GRANT;
        report.note(String.format(Locale.ROOT, "OTP step alone: %.2f CPU-ms; PIN step alone: %.2f CPU-ms (medians)",
                report.cpu(otpLogin) - report.cpu(username), report.cpu(pinLogin) - report.cpu(username)));
        CpuOf measured = report::cpu;
        ratio("PIN step / OTP step", pinStepOverOtpStep(measured), 1.5);
        report.ratioOfMeans(i -> stepOf(measured, pinLogin, i), i -> stepOf(measured, otpLogin, i))
                .ifPresent(m -> report.note(String.format(Locale.ROOT, "PIN step / OTP step by the steps' means over all repetitions:"
                        + " %.2fx (PIN step %.2f CPU-ms, OTP step %.2f), between %.2f and %.2f at 90%% confidence (bootstrap over"
                        + " the repetitions)", m.ratio(), m.numeratorMean(), m.divisorMean(), m.interval().low(), m.interval().high())));
        if (LOGINS_ONLY) {
            return report.render();
        }
        ratio("API verify / client-credentials grant", measured.over(VERIFY, grant), 0.25);
        ratio("API send + verify / client-credentials grant", measured.over(SEND_VERIFY, grant), 1.0);
        ratio("send, window of " + FILL + " / send, window empty",
                i -> report.cpu("API send, application window holding " + FILL + " sends", i)
                        / report.cpu("API send, application window empty", i), 1.1);
        report.target("stored bytes per pending PIN", storedBytesPerPin, " B", "<=", 2048);
        if (PURGE_FEW > 0) {
            String few = purgeName(PURGE_FEW);
            String many = purgeName(4 * PURGE_FEW);
            String flat = "purge per expired PIN, " + 4 * PURGE_FEW + " / " + PURGE_FEW + " at once (flat)";
            report.target(flat, report.perRepetitionOf(many, flat, i -> report.cpu(many, i) / report.cpu(few, i)), "x", "<=", 1.25);
        }
        report.readingsTitle("the same ratios, each operation charged in every repetition its average of G1's concurrent marking over"
                + " all repetitions instead of what landed in that one (not the targets: a reading of how much of their spread"
                + " marking cycles make):");
        CpuOf evenGc = report::cpuWithEvenGc;
        report.reading("PIN step / OTP step", pinStepOverOtpStep(evenGc));
        report.reading("API verify / client-credentials grant", evenGc.over(VERIFY, grant));
        report.reading("API send + verify / client-credentials grant", evenGc.over(SEND_VERIFY, grant));
        String lost = "other users' login rate lost to a 2 s gateway";
        report.target(lost, report.perRepetition(lost, i -> 100 * (1 - report.rate("other users' PIN logins, 8 logins waiting on a 2 s gateway", i)
                / report.rate("other users' PIN logins, gateway idle", i))), "%", "<", 10);
        return report.render();
    }

    /** An operation's CPU-ms in one repetition, as measured or with marking spread evenly. */
    @FunctionalInterface
    private interface CpuOf {
        double at(String operation, int repetition);

        /** {@code operation} over {@code base}, in each repetition. */
        default java.util.function.IntToDoubleFunction over(String operation, String base) {
            return i -> at(operation, i) / at(base, i);
        }
    }

    /** The PIN step (PIN login less username-only) over the OTP step (OTP login less username-only), in each repetition. */
    private static java.util.function.IntToDoubleFunction pinStepOverOtpStep(CpuOf cpu) {
        return i -> stepOf(cpu, PIN_LOGIN, i) / stepOf(cpu, OTP_LOGIN, i);
    }

    /** A second step's CPU in one repetition: {@code login} less the username-only login. */
    private static double stepOf(CpuOf cpu, String login, int repetition) {
        return cpu.at(login, repetition) - cpu.at(USERNAME_LOGIN, repetition);
    }

    /** A target on a ratio of two operations measured back to back, taken in each repetition. */
    private void ratio(String name, java.util.function.IntToDoubleFunction figure, double limit) {
        report.target(name, report.perRepetition(name, figure), "x", "<=", limit);
    }

    /** The 1, 5 and 15 minute load averages of the machine ({@code /proc/loadavg}). */
    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + ", " + f[1] + ", " + f[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** Moves every thread of this JVM to one CPU (the server has the other). */
    private static void pinThisProcessTo(int cpuIndex) throws IOException, InterruptedException {
        Process taskset = new ProcessBuilder("taskset", "-a", "-p", "-c", Integer.toString(cpuIndex),
                Long.toString(ProcessHandle.current().pid())).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (taskset.waitFor() != 0) {
            System.err.println("Could not pin the load generator to CPU " + cpuIndex + " (taskset failed): results are noisier");
        }
    }
}
