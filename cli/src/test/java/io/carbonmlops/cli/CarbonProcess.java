package io.carbonmlops.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code carbon} end to end in its own JVM (the main class on the test classpath, which is what the shaded jar
 * holds), so exit codes, stdio passthrough and signals are the real ones. Always destroyed at close.
 */
final class CarbonProcess implements AutoCloseable {
    private final Process process;

    private CarbonProcess(Process process) {
        this.process = process;
    }

    /** Starts carbon with {@code args}; {@code env} is added to the test JVM's environment; stderr goes to a file. */
    static CarbonProcess start(Map<String, String> env, Path stderrFile, List<String> args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(CarbonCli.class.getName());
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(stderrFile.toFile());
        hermetic(builder.environment()).putAll(env);
        return new CarbonProcess(builder.start());
    }

    /** Without the developer's own settings: no GPU selection, zone, or MLflow server leaks into a test. */
    static Map<String, String> hermetic(Map<String, String> environment) {
        environment.keySet().removeIf(name -> name.startsWith("CARBON_") || name.startsWith("MLFLOW_")
                || name.equals("CUDA_VISIBLE_DEVICES") || name.equals("NVIDIA_VISIBLE_DEVICES"));
        return environment;
    }

    Process process() {
        return process;
    }

    /** Waits for carbon to exit (generously: a loaded CI machine starts JVMs slowly) and returns its exit code. */
    int exitCode() throws InterruptedException {
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            throw new AssertionError("carbon did not exit within 120 s");
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
