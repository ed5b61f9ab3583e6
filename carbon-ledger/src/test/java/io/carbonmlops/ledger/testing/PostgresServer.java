package io.carbonmlops.ledger.testing;

import io.carbonmlops.ledger.store.LedgerLocation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A real PostgreSQL server for tests: Debian's {@code postgresql} package (installed by {@code bin/setup-test-env}),
 * a cluster made with {@code initdb} in a temp directory, started with {@code pg_ctl} on a free 127.0.0.1 port, one
 * per test JVM ({@link #shared()}), stopped and deleted when the JVM exits. A watchdog stops it too should the JVM die
 * without running its shutdown hooks.
 *
 * <p>PostgreSQL refuses to run as root. When the tests run as root, the cluster belongs to the {@code postgres} OS
 * user (which the Debian package creates) and initdb, pg_ctl and the server run through {@code runuser -u postgres}.
 *
 * <p>The binaries are found in {@code $CARBON_PG_BIN}, else the newest {@code /usr/lib/postgresql/N/bin}, else on the
 * PATH. Without them a test is skipped loudly, or fails when {@code CI=true}. The cluster trusts local connections
 * (no passwords) and runs with fsync off: it is a throw-away test server.
 */
public final class PostgresServer {
    public static final String SUPERUSER = "postgres";
    /** A role that may only SELECT and INSERT (granted per database by {@link #grantWriter}). */
    public static final String WRITER_ROLE = "ledger_writer";

    private static PostgresServer shared;

    private final Path binaries;
    private final Path workDir;
    private final List<String> asUser;
    private final AtomicInteger databases = new AtomicInteger();
    private int port;
    private boolean running;

    private PostgresServer(Path binaries, Path workDir, List<String> asUser) {
        this.binaries = binaries;
        this.workDir = workDir;
        this.asUser = asUser;
    }

    /** The server of this test JVM, started on first use. */
    public static synchronized PostgresServer shared() {
        if (shared == null) {
            Path binaries = findBinaries();
            try {
                PostgresServer server = new PostgresServer(binaries, Files.createTempDirectory("carbon-pg-"), runAs());
                server.initialise();
                server.start();
                Runtime.getRuntime().addShutdownHook(new Thread(server::stopAndDelete, "postgres-test-server-stop"));
                shared = server;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot set up the PostgreSQL test server", e);
            }
        }
        return shared;
    }

    private static Path findBinaries() {
        String override = System.getenv("CARBON_PG_BIN");
        List<Path> candidates = new ArrayList<>();
        if (override != null && !override.isBlank()) {
            candidates.add(Path.of(override));
        }
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            versions.map(v -> v.resolve("bin"))
                    .sorted(Comparator.comparingInt(PostgresServer::majorVersion).reversed())
                    .forEach(candidates::add);
        } catch (IOException e) {
            // not installed from Debian's package
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            candidates.add(Path.of(dir));
        }
        Optional<Path> found = candidates.stream()
                .filter(dir -> Files.isExecutable(dir.resolve("initdb")) && Files.isExecutable(dir.resolve("pg_ctl")))
                .findFirst();
        if (found.isPresent()) {
            return found.get();
        }
        String message = "PostgreSQL (initdb, pg_ctl) is not installed: run bin/setup-test-env (as root it installs "
                + "Debian's postgresql package) or set CARBON_PG_BIN";
        if ("true".equals(System.getenv("CI"))) {
            throw new IllegalStateException("CI must provide PostgreSQL. " + message);
        }
        System.err.println("\n*** SKIPPING PostgreSQL ledger tests: " + message + " ***\n");
        Assumptions.abort(message);
        throw new AssertionError("unreachable");
    }

    private static int majorVersion(Path binDir) {
        try {
            return Integer.parseInt(binDir.getParent().getFileName().toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** As root: run the server as the postgres OS user; otherwise as ourselves. */
    private static List<String> runAs() throws IOException {
        if (!"0".equals(run(List.of("id", "-u")).strip())) {
            return List.of();
        }
        try {
            run(List.of("id", "-u", SUPERUSER));
        } catch (IOException e) {
            throw new IOException("the tests run as root, and PostgreSQL will not: they need the '" + SUPERUSER
                    + "' OS user (Debian's postgresql package creates it) to own the test cluster", e);
        }
        return List.of("runuser", "-u", SUPERUSER, "--");
    }

    private void initialise() throws IOException {
        Files.createDirectories(workDir.resolve("sock"));
        if (!asUser.isEmpty()) {
            UserPrincipal owner = workDir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(SUPERUSER);
            Files.setOwner(workDir, owner);
            Files.setOwner(workDir.resolve("sock"), owner);
        }
        exec(List.of(binaries.resolve("initdb").toString(), "-D", data().toString(), "-U", SUPERUSER, "-A", "trust",
                "-E", "UTF8", "--no-locale", "--no-sync"));
    }

    /** Starts the server (again, after {@link #stop()}: same port and data). */
    public synchronized void start() {
        IOException last = null;
        boolean firstStart = port == 0;
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                if (firstStart) {
                    port = freePort(); // another process may take a free port before the server binds it: retry
                }
                exec(List.of(binaries.resolve("pg_ctl").toString(), "-D", data().toString(), "-l",
                        workDir.resolve("server.log").toString(), "-w", "-t", "60", "-o",
                        "-p " + port + " -h 127.0.0.1 -k " + workDir.resolve("sock") + " -c fsync=off "
                                + "-c synchronous_commit=off -c full_page_writes=off -c max_connections=120", "start"));
                running = true;
                watchdog();
                return;
            } catch (IOException e) {
                last = e;
            }
        }
        throw new UncheckedIOException("cannot start PostgreSQL; see " + workDir.resolve("server.log"), last);
    }

    /** Stops the server (fast shutdown); {@link #start()} brings it back with the same data. */
    public synchronized void stop() {
        if (!running) {
            return;
        }
        try {
            exec(List.of(binaries.resolve("pg_ctl").toString(), "-D", data().toString(), "-m", "fast", "-w", "stop"));
            running = false;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stop the PostgreSQL test server", e);
        }
    }

    private synchronized void stopAndDelete() {
        try {
            stop();
        } catch (RuntimeException e) {
            System.err.println("postgres test server: " + e.getMessage());
        }
        try (Stream<Path> files = Files.walk(workDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // best effort: a temp dir
        }
    }

    /** Stops the server if this JVM dies without its shutdown hooks (kill -9 of a surefire fork). */
    private void watchdog() throws IOException {
        String stop = String.join(" ", asUser) + " " + binaries.resolve("pg_ctl") + " -D " + data() + " -m fast stop";
        String script = "while kill -0 " + ProcessHandle.current().pid() + " 2>/dev/null; do sleep 2; done; "
                + "if [ -f " + data().resolve("postmaster.pid") + " ]; then " + stop + " >/dev/null 2>&1; fi; rm -rf "
                + workDir;
        new ProcessBuilder("setsid", "sh", "-c", script).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    public int port() {
        return port;
    }

    /** A new empty UTF8 database; its ledger location connects as {@code role}. */
    public LedgerLocation.Postgres createDatabase(String role) {
        String name = "ledger_" + databases.incrementAndGet();
        try (Connection c = superuser("postgres"); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name + " ENCODING 'UTF8' TEMPLATE template0");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name, e);
        }
        return (LedgerLocation.Postgres) LedgerLocation.parse("postgresql://" + role + "@127.0.0.1:" + port + "/" + name);
    }

    /** A new empty database whose location connects as the superuser (which creates the schema on first use). */
    public LedgerLocation.Postgres createDatabase() {
        return createDatabase(SUPERUSER);
    }

    /** Creates {@link #WRITER_ROLE} if missing and grants it INSERT and SELECT on the ledger tables of a database. */
    public void grantWriter(String database, List<String> grants) {
        try (Connection c = superuser(database); Statement s = c.createStatement()) {
            s.execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + WRITER_ROLE + "') THEN "
                    + "CREATE ROLE " + WRITER_ROLE + " LOGIN; END IF; END $$");
            for (String grant : grants) {
                s.execute(grant);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot grant " + WRITER_ROLE + " on " + database, e);
        }
    }

    /** A superuser connection to {@code database}. */
    public Connection superuser(String database) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", SUPERUSER);
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + database, properties);
    }

    /** The database name of a location made by {@link #createDatabase}. */
    public static String databaseOf(LedgerLocation.Postgres location) {
        String url = location.jdbcUrl();
        return url.substring(url.lastIndexOf('/') + 1);
    }

    private Path data() {
        return workDir.resolve("data");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private void exec(List<String> command) throws IOException {
        List<String> full = new ArrayList<>(asUser);
        full.addAll(command);
        run(full);
    }

    private static String run(List<String> command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", command) + " timed out");
            }
            String text = new String(output, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " exited " + process.exitValue() + ": " + text);
            }
            return text;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + String.join(" ", command), e);
        }
    }
}
