package io.carbonmlops.mlflow.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real {@code mlflow server} from the repository's {@code .venv} (installed by {@code bin/setup-test-env}), for tests.
 *
 * <p>Each instance owns a temp directory holding the sqlite store, the artifacts and {@code server.log}, and listens on
 * 127.0.0.1 on a free port. The server runs in its own process group (started through {@code setsid}); {@link #stop()},
 * {@link #close()} and a JVM shutdown hook kill that whole group, because the MLflow CLI spawns uvicorn as a child that
 * would otherwise keep the port. {@link #restart()} brings it back on the same port with the same store.
 *
 * <p>Usage: one server per test class, {@code @BeforeAll server = MlflowServer.start();} and {@code @AfterAll server.close();}.
 * Not thread-safe.
 */
public final class MlflowServer implements AutoCloseable {

    /**
     * Admin credentials of a {@code --app-name basic-auth} server. Not MLflow's old shipped default
     * ({@code password1234}), which MLflow 3.17 refuses for admins.
     */
    public static final String ADMIN_USERNAME = "admin";
    public static final String ADMIN_PASSWORD = "carbon-admin-Pw-7kq2";
    /** Which venv's {@code mlflow} to run, relative to the repository root: {@code .venv} unless set. */
    public static final String VENV_ENV = "CARBON_MLFLOW_VENV";
    /**
     * A custom {@code authorization_function} (MLflow's documented extension point): {@code Authorization: Bearer
     * <token>} for the tokens the test configured, MLflow's own basic auth for everything else.
     */
    private static final String TOKEN_AUTH_MODULE = String.join("\n",
            "import hmac, json, os",
            "from flask import request",
            "from werkzeug.datastructures import Authorization",
            "from mlflow.server.auth import authenticate_request_basic_auth, make_basic_auth_response",
            "_TOKENS = json.loads(os.environ.get('CARBON_TEST_TOKENS', '{}'))",
            "def authenticate():",
            "    header = request.headers.get('Authorization', '')",
            "    if header[:7].lower() == 'bearer ':",
            "        given = header[7:].strip()",
            "        for token, user in _TOKENS.items():",
            "            if hmac.compare_digest(token.encode(), given.encode()):",
            "                return Authorization('bearer', {'username': user})",
            "        return make_basic_auth_response()",
            "    return authenticate_request_basic_auth()",
            "");

    private static final Duration STARTUP_DEADLINE = Duration.ofSeconds(120);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(250);
    private static final int BIND_ATTEMPTS = 3;
    private static final String WATCHDOG = String.join("\n",
            "jvm=$1; shift",
            "\"$@\" &",
            "server=$!",
            "while kill -0 \"$jvm\" 2>/dev/null && kill -0 \"$server\" 2>/dev/null; do sleep 1; done",
            "kill -KILL -$$"); // dash: no "--" in its kill builtin

    private final Options options;
    private final Path workDir;
    private final Path mlflowExecutable;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Thread shutdownHook = new Thread(this::killProcessGroup, "mlflow-server-killer");
    private int port;
    private Process process;

    private MlflowServer(Options options, Path workDir, Path mlflowExecutable) {
        this.options = options;
        this.workDir = workDir;
        this.mlflowExecutable = mlflowExecutable;
    }

    /** Starts a plain server (no authentication). */
    public static MlflowServer start() {
        return builder().start();
    }

    /** Starts a server with {@code --app-name basic-auth}; the admin is {@link #ADMIN_USERNAME}/{@link #ADMIN_PASSWORD}. */
    public static MlflowServer startWithBasicAuth() {
        return builder().basicAuth().start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** {@code http://127.0.0.1:<port>}, no trailing slash. */
    public String trackingUri() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public boolean basicAuth() {
        return options.basicAuth;
    }

    /** The server's version ({@code GET /version}), e.g. {@code 3.17.2}. */
    public String version() {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(trackingUri() + "/version"))
                    .timeout(Duration.ofSeconds(10)).GET().build();
            return http.send(request, HttpResponse.BodyHandlers.ofString()).body().strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Creates a user on an auth-enabled server (as the admin); its permissions default to READ. */
    public void createUser(String username, String password) {
        adminPost("users/create", "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}");
    }

    /**
     * Grants a user a permission (READ, EDIT, MANAGE) on one experiment, as the admin: through
     * MLflow 3.x's {@code users/permissions/grant}, or the {@code experiments/permissions/create} older servers have.
     */
    public void grantExperiment(String experimentId, String username, String permission) {
        int status = adminPost("/api/3.0/mlflow/users/permissions/grant", "{\"username\":\"" + username
                + "\",\"resource_type\":\"experiment\",\"resource_id\":\"" + experimentId + "\",\"permission\":\""
                + permission + "\"}", 404);
        if (status == 404) {
            adminPost("/api/2.0/mlflow/experiments/permissions/create", "{\"experiment_id\":\"" + experimentId
                    + "\",\"username\":\"" + username + "\",\"permission\":\"" + permission + "\"}", 0);
        }
    }

    private void adminPost(String endpoint, String json) {
        adminPost("/api/2.0/mlflow/" + endpoint, json, 0);
    }

    /** POSTs as the admin; returns the status, failing unless it is 200 or {@code tolerated}. */
    private int adminPost(String path, String json, int tolerated) {
        String basic = java.util.Base64.getEncoder().encodeToString((ADMIN_USERNAME + ":" + ADMIN_PASSWORD)
                .getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create(trackingUri() + path))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200 && response.statusCode() != tolerated) {
                throw new IllegalStateException(path + " failed: " + response.statusCode() + " " + response.body());
            }
            return response.statusCode();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The temp directory with {@code mlflow.db}, {@code artifacts/} and {@code server.log}; deleted by {@link #close()}. */
    public Path workDir() {
        return workDir;
    }

    public Path serverLog() {
        return workDir.resolve("server.log");
    }

    /** The variables a client process needs: tracking URI, plus the admin credentials on a basic-auth server. */
    public Map<String, String> clientEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("MLFLOW_TRACKING_URI", trackingUri());
        if (options.basicAuth) {
            env.put("MLFLOW_TRACKING_USERNAME", ADMIN_USERNAME);
            env.put("MLFLOW_TRACKING_PASSWORD", ADMIN_PASSWORD);
        }
        env.put("MLFLOW_DISABLE_TELEMETRY", "true");
        return env;
    }

    /** The repository root: the nearest directory above the working directory that holds {@code bin/setup-test-env}. */
    public static Path repositoryRoot() {
        String override = System.getenv("CARBON_REPO_ROOT");
        if (override != null && !override.isBlank()) {
            return Path.of(override).toAbsolutePath();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("bin/setup-test-env"))) {
                return dir;
            }
        }
        throw new IllegalStateException("cannot find the repository root (a directory with bin/setup-test-env) above "
                + Path.of("").toAbsolutePath() + "; set CARBON_REPO_ROOT");
    }

    /** {@code .venv/bin/python} of the repository (or of {@value #VENV_ENV}); fails with the remedy when missing. */
    public static Path venvPython() {
        return requireVenvFile("python");
    }

    /** The venv tests run MLflow from: {@value #VENV_ENV}, else {@code .venv}. */
    public static Path venv() {
        String chosen = System.getenv(VENV_ENV);
        return repositoryRoot().resolve(chosen == null || chosen.isBlank() ? ".venv" : chosen.strip());
    }

    private static Path requireVenvFile(String name) {
        Path file = venv().resolve("bin").resolve(name);
        if (!Files.isExecutable(file)) {
            throw new IllegalStateException(file + " is missing: run bin/setup-test-env to install MLflow into "
                    + venv().getFileName());
        }
        return file;
    }

    /** Kills the server's process group and waits for it to exit; the store and port are kept for {@link #restart()}. */
    public void stop() {
        killProcessGroup();
    }

    /** Starts the server again on the same port with the same store (after {@link #stop()}, or to bounce it). */
    public void restart() {
        killProcessGroup();
        launchAndAwaitHealth();
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Kills the process group and deletes the work directory. */
    @Override
    public void close() {
        killProcessGroup();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run: nothing to remove
        }
        deleteRecursively(workDir);
    }

    private void startOnFreePort() {
        IllegalStateException last = null;
        for (int attempt = 0; attempt < BIND_ATTEMPTS; attempt++) {
            port = freePort();
            try {
                launchAndAwaitHealth();
                return;
            } catch (ServerExitedException e) {
                last = e; // most likely someone took the port between probe and bind: try another
            }
        }
        throw last;
    }

    private void launchAndAwaitHealth() {
        try {
            Files.writeString(serverLog(), "--- starting on port " + port + " at " + Instant.now() + "\n",
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            ProcessBuilder builder = new ProcessBuilder(command())
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(serverLog().toFile()));
            builder.environment().putAll(serverEnvironment());
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + mlflowExecutable + " (is setsid installed?)", e);
        }
        awaitHealth();
    }

    private List<String> command() {
        // setsid: a new process group to kill as a whole. The sh wrapper is a watchdog: when this JVM dies without
        // running its shutdown hooks (SIGKILL, a surefire fork timeout), it kills the group so no server outlives us.
        List<String> cmd = new ArrayList<>(List.of(
                "setsid", "sh", "-c", WATCHDOG, "mlflow-watchdog", Long.toString(ProcessHandle.current().pid()),
                mlflowExecutable.toString(), "server",
                "--backend-store-uri", "sqlite:///" + workDir.resolve("mlflow.db"),
                "--artifacts-destination", workDir.resolve("artifacts").toString(),
                "--host", "127.0.0.1", "--port", Integer.toString(port), "--workers", "1"));
        if (options.basicAuth) {
            cmd.addAll(List.of("--app-name", "basic-auth"));
        }
        cmd.addAll(options.extraArgs);
        return cmd;
    }

    private Map<String, String> serverEnvironment() throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("MLFLOW_DISABLE_TELEMETRY", "true");
        env.put("DO_NOT_TRACK", "true");
        env.put("PYTHONUNBUFFERED", "1");
        if (options.basicAuth) {
            env.put("MLFLOW_AUTH_CONFIG_PATH", writeAuthConfig().toString());
            env.put("MLFLOW_FLASK_SERVER_SECRET_KEY", "carbon-mlops-test-secret");
        }
        if (!options.tokens.isEmpty()) {
            Files.writeString(workDir.resolve("carbon_test_auth.py"), TOKEN_AUTH_MODULE);
            env.put("PYTHONPATH", workDir.toString());
            env.put("CARBON_TEST_TOKENS", new com.google.gson.Gson().toJson(options.tokens));
        }
        env.putAll(options.extraEnv);
        return env;
    }

    private Path writeAuthConfig() throws IOException {
        Path ini = workDir.resolve("basic_auth.ini");
        Files.writeString(ini, String.join("\n",
                "[mlflow]",
                "default_permission = READ",
                "database_uri = sqlite:///" + workDir.resolve("basic_auth.db"),
                "admin_username = " + ADMIN_USERNAME,
                "admin_password = " + ADMIN_PASSWORD,
                "authorization_function = " + (options.tokens.isEmpty()
                        ? "mlflow.server.auth:authenticate_request_basic_auth" : "carbon_test_auth:authenticate"),
                "auth_cache_ttl_seconds = 60",
                ""));
        return ini;
    }

    private void awaitHealth() {
        Instant deadline = Instant.now().plus(STARTUP_DEADLINE);
        HttpRequest health = HttpRequest.newBuilder(URI.create(trackingUri() + "/health"))
                .timeout(Duration.ofSeconds(2)).GET().build();
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new ServerExitedException("mlflow server exited with status " + process.exitValue()
                        + " before becoming healthy; log " + serverLog() + ":\n" + logTail());
            }
            try {
                if (http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // connection refused until uvicorn binds
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for mlflow server", e);
            }
            pause();
        }
        killProcessGroup();
        throw new IllegalStateException("mlflow server not healthy after " + STARTUP_DEADLINE.toSeconds()
                + " s; log " + serverLog() + ":\n" + logTail());
    }

    private synchronized void killProcessGroup() {
        Process p = process;
        if (p == null || !p.isAlive()) {
            return;
        }
        long pgid = p.pid(); // setsid made the watchdog the leader of a new session and process group
        signalGroup("TERM", pgid);
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                signalGroup("KILL", pgid);
                p.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // uvicorn can outlive the CLI for a moment: make sure nothing of the group is left
        signalGroup("KILL", pgid);
        awaitGroupGone(pgid);
    }

    private static void signalGroup(String signal, long pgid) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, "--", "-" + pgid)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            kill.waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot signal process group " + pgid, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void awaitGroupGone(long pgid) {
        Instant deadline = Instant.now().plusSeconds(10);
        while (Instant.now().isBefore(deadline) && groupAlive(pgid)) {
            pause();
        }
    }

    private static boolean groupAlive(long pgid) {
        try {
            Process probe = new ProcessBuilder("kill", "-0", "--", "-" + pgid)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return probe.waitFor(5, TimeUnit.SECONDS) && probe.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(serverLog(), StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(cannot read log: " + e.getMessage() + ")";
        }
    }

    private static void pause() {
        try {
            Thread.sleep(POLL_INTERVAL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port on 127.0.0.1", e);
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }

    private record Options(boolean basicAuth, Map<String, String> tokens, Map<String, String> extraEnv,
            List<String> extraArgs) {}

    /** Options for a server: basic-auth, extra server environment (e.g. webhook settings), extra CLI arguments. */
    public static final class Builder {
        private boolean basicAuth;
        private final Map<String, String> tokens = new LinkedHashMap<>();
        private final Map<String, String> extraEnv = new LinkedHashMap<>();
        private final List<String> extraArgs = new ArrayList<>();

        private Builder() {}

        public Builder basicAuth() {
            basicAuth = true;
            return this;
        }

        /** Basic auth, and also {@code Authorization: Bearer <token>} for {@code token}, as user {@code username}. */
        public Builder bearerToken(String token, String username) {
            basicAuth = true;
            tokens.put(token, username);
            return this;
        }

        public Builder serverEnv(String name, String value) {
            extraEnv.put(name, value);
            return this;
        }

        public Builder serverArg(String arg) {
            extraArgs.add(arg);
            return this;
        }

        /** Starts the server and waits until {@code /health} answers; fails with the log tail if it does not. */
        public MlflowServer start() {
            Path mlflow = requireVenvFile("mlflow");
            Path workDir;
            try {
                workDir = Files.createTempDirectory("mlflow-server-");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create a temp dir for the mlflow server", e);
            }
            MlflowServer server = new MlflowServer(
                    new Options(basicAuth, Map.copyOf(tokens), Map.copyOf(extraEnv), List.copyOf(extraArgs)), workDir,
                    mlflow);
            Runtime.getRuntime().addShutdownHook(server.shutdownHook);
            try {
                server.startOnFreePort();
                System.out.println("mlflow server " + server.version() + " from " + venv() + " at " + server.trackingUri());
            } catch (RuntimeException e) {
                server.close();
                throw e;
            }
            return server;
        }
    }

    private static final class ServerExitedException extends IllegalStateException {
        ServerExitedException(String message) {
            super(message);
        }
    }
}
