package io.carbonmlops.jenkins.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The controller's inbound agent {@code a1}: {@code agent.jar} from the controller, connected over WebSocket, with
 * the fake NVML library ({@code CARBON_NVML_LIBRARY}, GPUs from {@code FAKE_NVML_SCENARIO}) and the repository's
 * .venv first on its PATH (python3 with MLflow for the builds' scripts).
 */
final class InboundAgent implements AutoCloseable {
    private final JenkinsController controller;
    private final Map<String, String> env;
    private ChildProcess process;

    private InboundAgent(JenkinsController controller, Map<String, String> env) {
        this.controller = controller;
        this.env = env;
    }

    /** Connects {@code a1} with GPUs as {@code fakeGpus} describes them (FAKE_NVML_SCENARIO syntax). */
    static InboundAgent connect(JenkinsController controller, String fakeGpus) throws IOException, InterruptedException {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("CARBON_NVML_LIBRARY", E2eRequirements.fakeNvml().toString());
        env.put("FAKE_NVML_SCENARIO", fakeGpus);
        env.put("FAKE_NVML_CLOCK", "boot"); // the counters count from boot, as a real driver's from its load
        env.put("PATH", E2eRequirements.venvBin() + ":" + System.getenv("PATH"));
        env.put("MLFLOW_DISABLE_TELEMETRY", "true");
        env.put("DO_NOT_TRACK", "true");
        env.put("CARBON_SPOOL_DIR", controller.dir().resolve("agent-spool").toString());
        InboundAgent agent = new InboundAgent(controller, env);
        agent.start();
        return agent;
    }

    /** Starts the agent JVM and waits until the controller sees it online. */
    void start() throws IOException, InterruptedException {
        Path dir = controller.agentDir();
        Files.createDirectories(dir);
        Path jar = dir.resolve("agent.jar");
        HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(controller.url() + "jnlpJars/agent.jar")).build(),
                HttpResponse.BodyHandlers.ofFile(jar));
        String secret = Files.readString(controller.home().resolve("a1.secret")).trim();
        Path tmp = Files.createDirectories(dir.resolve("tmp")); // the meters' journals go there, not to the shared /tmp
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        process = ChildProcess.start(List.of(java, "-Xmx256m", "-Djava.io.tmpdir=" + tmp, "-jar", jar.toString(), "-url", controller.url(),
                "-secret", secret, "-name", JenkinsController.AGENT, "-webSocket", "-workDir", dir.toString()),
                env, dir, controller.dir().resolve("agent.log"));
        controller.remember(process.group());
        awaitOnline();
    }

    void awaitOnline() {
        controller.await("agent " + JenkinsController.AGENT + " to be online", Duration.ofMinutes(2), controller::agentOnline);
    }

    /** Kills the agent JVM as a crash would: the builds' shells it started keep running. */
    void crash() {
        process.kill();
    }

    /** The agent's JVM, for CPU figures. */
    long javaPid() {
        return process.java().orElseThrow().pid();
    }

    Path workspace(String job) {
        return controller.agentDir().resolve("workspace").resolve(job);
    }

    @Override
    public void close() {
        if (process != null) {
            process.terminate(30);
        }
    }
}
