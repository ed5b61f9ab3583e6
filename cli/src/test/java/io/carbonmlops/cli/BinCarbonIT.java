package io.carbonmlops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/carbon} as users run it: the shaded jar built by {@code package} (JNA's native part and the version
 * inside it), the JVM options and class-data archive the script adds, and a stdout that only the command writes.
 */
class BinCarbonIT {
    private static final Path ROOT = Path.of(System.getProperty("carbon.repo.root", "..")).toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @Test
    void versionComesFromTheBuild() throws Exception {
        Result result = binCarbon(Map.of(), "--version");

        assertThat(result.exitCode()).isZero();
        assertThat(result.stdout()).startsWith("carbon-mlops " + System.getProperty("carbon.version") + "\n");
    }

    @Test
    void measurePassesTheExitCodeAndAnUntouchedStdoutThroughAndWritesJson() throws Exception {
        Path json = dir.resolve("m.json");

        Result result = binCarbon(Map.of("CARBON_NVML_LIBRARY", "/nonexistent/libnvidia-ml.so.1"),
                "measure", "--json", json.toString(), "--", "sh", "-c", "echo only-this; exit 5");

        assertThat(result.exitCode()).isEqualTo(5);
        assertThat(result.stdout()).isEqualTo("only-this\n");
        assertThat(result.stderr()).contains("carbon: measured ");
        JsonObject root = JsonParser.parseString(Files.readString(json)).getAsJsonObject();
        assertThat(root.get("exit_code").getAsInt()).isEqualTo(5);
        assertThat(root.get("meter_version").getAsString()).isEqualTo(System.getProperty("carbon.version"));
        assertThat(ROOT.resolve("cli/target/carbon.jsa")).as("class-data archive made on first run").isRegularFile();
    }

    @Test
    void aLiveProviderLeavesNoLibraryLoggingNoiseOnStderr() throws Exception {
        // Port 1 refuses at once: HttpClient (and with it SLF4J) starts, the provider falls back to the table.
        Result result = binCarbon(Map.of("CARBON_ELECTRICITYMAPS_TOKEN", "t", "CARBON_ELECTRICITYMAPS_URL",
                "http://127.0.0.1:1/v3"), "intensity", "--zone", "DE", "--provider", "electricitymaps,table");

        assertThat(result.exitCode()).isZero();
        assertThat(result.stdout()).contains("fallback   electricitymaps: network-error");
        assertThat(result.stderr()).doesNotContain("SLF4J");
    }

    @Test
    void theShadedJarLoadsNvmlThroughJna() throws Exception {
        Path json = dir.resolve("gpu.json");

        Result result = binCarbon(Map.of("CARBON_NVML_LIBRARY", FakeNvmlLibrary.path().toString(),
                        "FAKE_NVML_SCENARIO", "watts=250"),
                "measure", "-q", "--no-cpu", "--no-ram", "--json", json.toString(), "--", "true");

        assertThat(result.exitCode()).isZero();
        JsonArray devices = JsonParser.parseString(Files.readString(json)).getAsJsonObject().getAsJsonArray("devices");
        assertThat(devices).hasSize(1);
        assertThat(devices.get(0).getAsJsonObject().get("method").getAsString()).isEqualTo("nvml-energy-counter");
    }

    private record Result(int exitCode, String stdout, String stderr) {}

    private Result binCarbon(Map<String, String> env, String... args) throws IOException, InterruptedException {
        Path stdout = dir.resolve("stdout.txt");
        Path stderr = dir.resolve("stderr.txt");
        List<String> command = new java.util.ArrayList<>(List.of(ROOT.resolve("bin/carbon").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        CarbonProcess.hermetic(builder.environment()).putAll(env);
        Process process = builder.start();
        try {
            if (!process.waitFor(180, TimeUnit.SECONDS)) {
                throw new AssertionError("bin/carbon did not exit within 180 s");
            }
        } finally {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        return new Result(process.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8),
                Files.readString(stderr, StandardCharsets.UTF_8));
    }
}
