package io.carbonmlops.jenkins.agent;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.ObjectOutputStream;
import java.io.PrintWriter;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The test's side of {@link AgentJvm}: a child JVM that runs the plugin's agent callables. */
final class AgentProcess implements AutoCloseable {
    private final Process process;
    private final PrintWriter toAgent;
    private final BufferedReader fromAgent;

    private AgentProcess(Process process) throws IOException {
        this.process = process;
        this.toAgent = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
        this.fromAgent = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String greeting = fromAgent.readLine();
        if (!"ready".equals(greeting)) {
            throw new IOException("agent JVM did not start: " + greeting);
        }
    }

    /** Starts a JVM on this test's class path, with the fake NVML library when the build made one. */
    static AgentProcess start(Path workDir) throws IOException {
        return start(workDir, Map.of());
    }

    /** As {@link #start(Path)}, with extra environment (e.g. {@code FAKE_NVML_SCENARIO}). */
    static AgentProcess start(Path workDir, Map<String, String> extraEnv) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                AgentJvm.class.getName())
                .directory(workDir.toFile())
                .redirectError(workDir.resolve("agent-stderr.txt").toFile());
        Map<String, String> env = builder.environment();
        FakeNvml.library().ifPresent(lib -> env.put("CARBON_NVML_LIBRARY", lib.toString()));
        env.putAll(extraEnv);
        return new AgentProcess(builder.start());
    }

    String call(Serializable callable) throws IOException {
        return send("call " + encode(callable));
    }

    String invoke(Path file, Serializable fileCallable) throws IOException {
        return send("invoke " + file + " " + encode(fileCallable));
    }

    /** Loads the agent-side classes anew, as a reconnect to the controller does; earlier windows keep running. */
    void reconnect() throws IOException {
        send("reconnect");
    }

    String snapshot(String meterId) throws IOException {
        return send("snapshot " + meterId);
    }

    /** Kills the JVM as a crash or an agent reboot would: no shutdown hooks, no final journal entry. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            toAgent.println("exit");
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }

    private String send(String command) throws IOException {
        toAgent.println(command);
        String answer = fromAgent.readLine();
        if (answer == null) {
            throw new IOException("agent JVM exited");
        }
        String text = new String(Base64.getDecoder().decode(answer.substring(answer.indexOf(' ') + 1)), StandardCharsets.UTF_8);
        if (answer.startsWith("error ")) {
            throw new IOException("on the agent: " + text);
        }
        return text;
    }

    private static String encode(Serializable object) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(object);
        }
        return Base64.getEncoder().encodeToString(bytes.toByteArray());
    }
}
