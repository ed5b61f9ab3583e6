package io.carbonmlops.jenkins.e2e;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * A real Jenkins controller from the kit, as a child process on 127.0.0.1 and a free port, with a fresh
 * JENKINS_HOME (the kit's plugins, and {@code 00-e2e-setup.groovy}: no security, no CSRF crumb, no executors on the
 * controller, inbound WebSocket agent {@code a1}). Driven over its HTTP API: REST, the script console, the plugin
 * manager. One per test class; {@link #restart()} stops it cleanly and starts it again on the same home and port.
 */
final class JenkinsController implements AutoCloseable {
    static final String AGENT = "a1";
    private static final Duration START_DEADLINE = Duration.ofMinutes(4);
    private static final String FULLY_UP = "Jenkins is fully up and running";

    private final Path kit;
    private final Path dir;
    private final Path home;
    private final int port;
    private final Map<String, String> environment;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Set<Long> groups = new HashSet<>();
    private ChildProcess process;

    private JenkinsController(Path kit, Path dir, int port, Map<String, String> environment) {
        this.kit = kit;
        this.dir = dir;
        this.home = dir.resolve("home");
        this.port = port;
        this.environment = new java.util.HashMap<>(environment);
        this.environment.put("JENKINS_HOME", home.toString());
    }

    /** A controller with a fresh home under {@code target/e2e/<name>}; fails with its log's tail if it does not come up. */
    static JenkinsController start(String name) throws IOException {
        return startWith(name, null);
    }

    /** As {@link #start(String)}, with {@code hpi} in the plugins folder from the start (null for none). */
    static JenkinsController startWith(String name, Path hpi) throws IOException {
        return startWith(name, hpi, Map.of());
    }

    /** As {@link #startWith(String, Path)}, with more variables in the controller's environment. */
    static JenkinsController startWith(String name, Path hpi, Map<String, String> environment) throws IOException {
        Path dir = E2eRequirements.workDir().resolve(name);
        deleteRecursively(dir);
        Path home = dir.resolve("home");
        Files.createDirectories(home.resolve("plugins"));
        Files.createDirectories(home.resolve("init.groovy.d"));
        Path kit = E2eRequirements.kit();
        try (Stream<Path> plugins = Files.list(kit.resolve("plugins"))) {
            for (Path plugin : plugins.filter(p -> p.toString().endsWith(".jpi")).toList()) {
                Files.copy(plugin, home.resolve("plugins").resolve(plugin.getFileName()));
            }
        }
        if (hpi != null) {
            String file = hpi.getFileName().toString();
            Files.copy(hpi, home.resolve("plugins").resolve(file.substring(0, file.lastIndexOf('.')) + ".jpi"));
        }
        try (InputStream setup = JenkinsController.class.getResourceAsStream("00-e2e-setup.groovy")) {
            Files.copy(setup, home.resolve("init.groovy.d/00-e2e-setup.groovy"));
        }
        JenkinsController controller = new JenkinsController(kit, dir, freePort(), environment);
        controller.launch();
        return controller;
    }

    String url() {
        return "http://127.0.0.1:" + port + "/";
    }

    /** The controller's JVM, for CPU figures. */
    long javaPid() {
        return process.java().orElseThrow().pid();
    }

    Path home() {
        return home;
    }

    Path dir() {
        return dir;
    }

    /** Where an agent of this controller keeps its work directory. */
    Path agentDir() {
        return dir.resolve("agent");
    }

    /** Stops the controller cleanly (SIGTERM: running Pipelines are saved) and starts it again. */
    void restart() {
        process.terminate(120);
        launch();
    }

    /** Installs a plugin the way an administrator uploads one (Manage Jenkins → Plugins → Advanced → Deploy). */
    void uploadPlugin(Path hpi) throws IOException, InterruptedException {
        String boundary = "e2e-" + UUID.randomUUID();
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                + hpi.getFileName() + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"pluginUrl\"\r\n\r\n\r\n--"
                + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        HttpRequest upload = HttpRequest.newBuilder(URI.create(url() + "pluginManager/uploadPlugin"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.concat(HttpRequest.BodyPublishers.ofByteArray(head),
                        HttpRequest.BodyPublishers.ofFile(hpi), HttpRequest.BodyPublishers.ofByteArray(tail)))
                .build();
        HttpResponse<String> response = http.send(upload, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 400) {
            throw new IOException("plugin upload refused: HTTP " + response.statusCode() + "\n" + response.body());
        }
        String shortName = hpi.getFileName().toString().replaceFirst("\\.[hj]pi$", "");
        await(shortName + " to be installed and active", Duration.ofMinutes(2), () -> pluginActive(shortName));
    }

    /** Whether a plugin is loaded and active (the upload installs it in the background). */
    boolean pluginActive(String shortName) {
        try {
            return json("pluginManager/api/json?tree=plugins[shortName,active]").getAsJsonArray("plugins").asList().stream()
                    .map(p -> p.getAsJsonObject())
                    .anyMatch(p -> p.get("shortName").getAsString().equals(shortName) && p.get("active").getAsBoolean());
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Runs a Groovy script in the script console and returns what it printed; fails if it threw. */
    String groovy(String script) throws IOException, InterruptedException {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(url() + "scriptText"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("script=" + URLEncoder.encode(script, StandardCharsets.UTF_8))));
        if (response.statusCode() != 200 || response.body().contains("Exception:") && response.body().contains("\tat ")) {
            throw new IOException("script console: HTTP " + response.statusCode() + "\n" + response.body());
        }
        return response.body();
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(url() + path)).GET());
    }

    HttpResponse<String> post(String path, String contentType, String body) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(url() + path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    JsonObject json(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = get(path);
        if (response.statusCode() != 200) {
            throw new IOException("GET " + path + ": HTTP " + response.statusCode() + "\n" + response.body());
        }
        return JsonParser.parseString(response.body()).getAsJsonObject();
    }

    /** Whether the agent is connected; false while the controller does not answer. */
    boolean agentOnline() {
        try {
            return !json("computer/" + AGENT + "/api/json?tree=offline").get("offline").getAsBoolean();
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The last lines of the controller's log, for failure messages. */
    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log(), StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(cannot read " + log() + ": " + e.getMessage() + ")";
        }
    }

    Path log() {
        return dir.resolve("controller.log");
    }

    void remember(long group) {
        groups.add(group);
    }

    @Override
    public void close() {
        if (process != null) {
            process.terminate(60);
            ChildProcess.killGroup(process.group());
        }
        groups.forEach(ChildProcess::killGroup);
    }

    /** Polls until {@code condition} holds; fails with {@code what} and the controller's log tail otherwise. */
    void await(String what, Duration timeout, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what
                        + "; controller log:\n" + logTail());
            }
            sleep(250);
        }
    }

    private void launch() {
        long logStart = log().toFile().length();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx768m", "-Djava.awt.headless=true",
                "-Djenkins.install.runSetupWizard=false", "-Dhudson.model.UpdateCenter.never=true",
                "-Dhudson.model.DownloadService.never=true", "-De2e.port=" + port,
                "-De2e.agentDir=" + agentDir(),
                "-jar", kit.resolve("jenkins.war").toString(), "--httpListenAddress=127.0.0.1", "--httpPort=" + port,
                "--webroot=" + dir.resolve("war")));
        process = ChildProcess.start(command, environment, dir, log());
        remember(process.group());
        await("the controller to be fully up (" + url() + ")", START_DEADLINE, () -> {
            if (!process.isAlive()) {
                throw new AssertionError("the controller exited during start-up; log:\n" + logTail());
            }
            return logSince(logStart).contains(FULLY_UP);
        });
    }

    private String logSince(long offset) {
        try {
            byte[] all = Files.readAllBytes(log());
            return new String(all, (int) Math.min(offset, all.length), (int) Math.max(0, all.length - offset),
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port on 127.0.0.1", e);
        }
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to.getParent());
        Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
}
