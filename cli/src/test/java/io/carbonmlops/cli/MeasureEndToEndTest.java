package io.carbonmlops.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import io.carbonmlops.meter.report.MeasurementJson;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code carbon measure} in its own JVM: what a user or a CI job sees. The timeout only guards against a hang
 * (reads from a process pipe cannot be interrupted); no assertion depends on timing.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class MeasureEndToEndTest {
    private static final Map<String, String> NO_GPU = Map.of("CARBON_NVML_LIBRARY", "/nonexistent/libnvidia-ml.so.1");

    @TempDir
    Path dir;

    @Test
    void exitsWithTheCommandsExitCode() throws Exception {
        try (CarbonProcess carbon = carbon(NO_GPU, "measure", "-q", "--", "sh", "-c", "exit 7")) {
            assertThat(carbon.exitCode()).isEqualTo(7);
        }
    }

    @Test
    void passesStdinStdoutAndStderrThrough() throws Exception {
        try (CarbonProcess carbon = carbon(NO_GPU, "measure", "--", "sh", "-c", "cat; echo to-stderr >&2")) {
            try (OutputStream stdin = carbon.process().getOutputStream()) {
                stdin.write("line one\nline two\n".getBytes(StandardCharsets.UTF_8));
            }
            String stdout = new String(carbon.process().getInputStream().readAllBytes(), StandardCharsets.UTF_8);

            assertThat(carbon.exitCode()).isZero();
            assertThat(stdout).as("carbon adds nothing to stdout").isEqualTo("line one\nline two\n");
            assertThat(stderr()).startsWith("to-stderr\n").contains("carbon: measured ");
        }
    }

    @Test
    void writesTheMeasurementJsonWithExactRaplFigures() throws Exception {
        FakeMachine machine = new FakeMachine(dir);
        Path json = Files.createDirectories(dir.resolve("out")).resolve("measurement.json");
        List<String> args = new ArrayList<>(List.of("measure", "--json", json.toString(), "--pue", "1.5"));
        args.addAll(List.of(machine.meterOptions()));
        // The command draws 5 J on the package and 2 J on DRAM, then fails with 3.
        args.addAll(List.of("--", "sh", "-c", machine.advanceScript() + "; exit 3", "sh", "5", "2"));

        try (CarbonProcess carbon = carbon(NO_GPU, args.toArray(String[]::new))) {
            assertThat(carbon.exitCode()).isEqualTo(3);
        }

        JsonObject root = JsonParser.parseString(Files.readString(json)).getAsJsonObject();
        assertThat(string(root, "started_at")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        assertThat(string(root, "ended_at")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        assertThat(number(root, "duration_s")).isPositive();
        assertThat(number(root, "exit_code")).isEqualTo(3.0);
        assertThat(number(root, "pue")).isEqualTo(1.5);
        assertThat(string(root, "meter_version")).isNotBlank();
        assertThat(root.get("warnings").isJsonArray()).isTrue();

        JsonArray devices = root.getAsJsonArray("devices");
        assertThat(devices).hasSize(2);
        JsonObject cpu = devices.get(0).getAsJsonObject();
        assertThat(string(cpu, "kind")).isEqualTo("cpu");
        assertThat(number(cpu, "index")).isZero();
        assertThat(string(cpu, "name")).isEqualTo("package-0");
        assertThat(string(cpu, "method")).isEqualTo("rapl");
        assertThat(cpu.get("estimate").getAsBoolean()).isFalse();
        assertThat(cpu.get("partial").getAsBoolean()).isFalse();
        assertThat(number(cpu, "energy_j")).isEqualTo(5.0); // exact: counters are integers of µJ
        assertThat(number(cpu, "mean_power_w")).isCloseTo(5.0 / number(root, "duration_s"), within(1e-3)); // written in mW
        assertThat(number(cpu, "peak_power_w")).isNotNegative();
        assertThat(cpu.get("power_series").isJsonArray()).isTrue();
        JsonObject ram = devices.get(1).getAsJsonObject();
        assertThat(string(ram, "kind")).isEqualTo("ram");
        assertThat(number(ram, "energy_j")).isEqualTo(2.0);

        JsonObject kwh = root.getAsJsonObject("energy_kwh");
        assertThat(number(kwh, "cpu")).isCloseTo(5.0 / 3.6e6, within(1e-15));
        assertThat(number(kwh, "ram")).isCloseTo(2.0 / 3.6e6, within(1e-15));
        assertThat(number(kwh, "gpu")).isZero();
        assertThat(number(kwh, "total")).isCloseTo(7.0 / 3.6e6, within(1e-15));
        assertThat(number(kwh, "facility")).isCloseTo(7.0 * 1.5 / 3.6e6, within(1e-15));
        assertThat(MeasurementJson.parse(Files.readString(json)).exitCode()).hasValue(3);
        assertThat(stderr()).contains("json: " + json);
    }

    @Test
    void gpusFromTheFakeNvmlLibraryAppearInTheJson() throws Exception {
        Path json = dir.resolve("gpu.json");
        Map<String, String> env = Map.of(
                "CARBON_NVML_LIBRARY", FakeNvmlLibrary.path().toString(),
                "FAKE_NVML_SCENARIO", "watts=300;energy=no,watts=150;noperm");

        try (CarbonProcess carbon = carbon(env, "measure", "--no-cpu", "--no-ram", "--interval", "20ms",
                "--json", json.toString(), "--", "sleep", "1")) {
            assertThat(carbon.exitCode()).isZero();
        }

        JsonObject root = JsonParser.parseString(Files.readString(json)).getAsJsonObject();
        JsonArray devices = root.getAsJsonArray("devices");
        assertThat(devices).hasSize(3);
        JsonObject counter = devices.get(0).getAsJsonObject();
        assertThat(string(counter, "kind")).isEqualTo("gpu");
        assertThat(string(counter, "uuid")).startsWith("GPU-");
        assertThat(string(counter, "method")).isEqualTo("nvml-energy-counter");
        // The fake draws exactly 300 W and 150 W; the meter reads its clock a moment before each device at both
        // edges, so the figures match watts x duration to within that moment (2 % of a 1 s run is 20 ms).
        double seconds = number(root, "duration_s");
        assertThat(number(counter, "energy_j")).isCloseTo(300 * seconds, within(0.02 * 300 * seconds));
        assertThat(number(counter, "mean_power_w")).isCloseTo(300, within(6.0));
        JsonObject sampled = devices.get(1).getAsJsonObject();
        assertThat(number(sampled, "index")).isEqualTo(1.0);
        assertThat(string(sampled, "method")).isEqualTo("nvml-power-sampling");
        assertThat(number(sampled, "energy_j")).isCloseTo(150 * seconds, within(0.02 * 150 * seconds));
        assertThat(number(sampled, "peak_power_w")).as("constant power has no peak above it").isCloseTo(150, within(0.001));
        JsonObject denied = devices.get(2).getAsJsonObject();
        assertThat(string(denied, "method")).isEqualTo("unavailable");
        assertThat(number(denied, "energy_j")).isZero();
        assertThat(root.getAsJsonArray("warnings").toString()).contains("gpu 2");
        double gpuJoules = number(counter, "energy_j") + number(sampled, "energy_j");
        assertThat(number(root.getAsJsonObject("energy_kwh"), "gpu")).isCloseTo(gpuJoules / 3.6e6, within(1e-12));
    }

    @Test
    void sigtermStopsTheCommandAndStillWritesTheMeasurement() throws Exception {
        Path json = dir.resolve("stopped.json");
        try (CarbonProcess carbon = carbon(NO_GPU, "measure", "--json", json.toString(), "--",
                "sh", "-c", "echo $$; exec sleep 600")) {
            long childPid = Long.parseLong(firstLine(carbon));

            carbon.process().destroy(); // SIGTERM to carbon only, as `kill` or a CI abort sends it

            assertThat(carbon.exitCode()).isEqualTo(ExitCodes.SIGNAL_BASE + 15);
            assertThat(Processes.endsWithin(childPid, Duration.ofSeconds(30))).as("the command ended").isTrue();
        }
        JsonObject root = JsonParser.parseString(Files.readString(json)).getAsJsonObject();
        assertThat(number(root, "exit_code")).isEqualTo(143.0);
        assertThat(string(root, "stopped_by_signal")).isEqualTo("SIGTERM");
        assertThat(stderr()).contains("stopped on SIGTERM");
    }

    @Test
    void aCommandIgnoringSigtermIsKilledWithItsChildrenAfterTheGracePeriod() throws Exception {
        Path json = dir.resolve("killed.json");
        try (CarbonProcess carbon = carbon(NO_GPU, "measure", "--grace-period", "200ms", "--json", json.toString(),
                "--", "sh", "-c", "trap '' TERM; sleep 600 & echo $!; wait")) {
            long grandchildPid = Long.parseLong(firstLine(carbon));

            carbon.process().destroy();

            assertThat(carbon.exitCode()).isEqualTo(ExitCodes.SIGNAL_BASE + 9);
            assertThat(Processes.endsWithin(grandchildPid, Duration.ofSeconds(30))).as("the command's child ended").isTrue();
        }
        assertThat(number(JsonParser.parseString(Files.readString(json)).getAsJsonObject(), "exit_code")).isEqualTo(137.0);
    }

    @Test
    void sigintToCarbonAloneGivesTheCommandTheGracePeriodThenSigterm() throws Exception {
        // A terminal's Ctrl-C reaches the command through its process group; sent to carbon alone, it does not.
        Path json = dir.resolve("interrupted.json");
        try (CarbonProcess carbon = carbon(NO_GPU, "measure", "--grace-period", "200ms", "--json", json.toString(),
                "--", "sh", "-c", "echo $$; exec sleep 600")) {
            firstLine(carbon);

            signal(carbon.process().pid(), "INT");

            assertThat(carbon.exitCode()).isEqualTo(ExitCodes.SIGNAL_BASE + 15);
        }
        JsonObject root = JsonParser.parseString(Files.readString(json)).getAsJsonObject();
        assertThat(string(root, "stopped_by_signal")).isEqualTo("SIGINT");
        assertThat(number(root, "exit_code")).isEqualTo(143.0);
    }

    @Test
    void aSecondSignalKillsTheCommandWithoutWaitingForTheGracePeriod() throws Exception {
        try (CarbonProcess carbon = carbon(NO_GPU, "measure", "-q", "--grace-period", "10m", "--",
                "sh", "-c", "trap 'echo got-term' TERM; echo ready; while :; do sleep 1; done")) {
            BufferedReader stdout = stdout(carbon);
            assertThat(stdout.readLine()).isEqualTo("ready");

            // kill(1), not Process.destroy(), which would also close the pipe read here.
            signal(carbon.process().pid(), "TERM");
            assertThat(stdout.readLine()).as("the command saw the forwarded SIGTERM").isEqualTo("got-term");
            signal(carbon.process().pid(), "TERM");

            assertThat(carbon.exitCode()).isEqualTo(ExitCodes.SIGNAL_BASE + 9);
        }
    }

    @Test
    void givesTheCommandCarbonVariables() throws Exception {
        Path json = dir.resolve("env.json");
        try (CarbonProcess carbon = carbon(NO_GPU, "measure", "-q", "--json", json.toString(), "--",
                "sh", "-c", "echo \"$CARBON_MEASURE_JSON\"; echo \"$CARBON_MEASURE_STARTED_AT\"")) {
            String stdout = new String(carbon.process().getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(carbon.exitCode()).isZero();
            String startedAt = string(JsonParser.parseString(Files.readString(json)).getAsJsonObject(), "started_at");
            assertThat(stdout).isEqualTo(json.toAbsolutePath() + "\n" + startedAt + "\n");
        }
    }

    private CarbonProcess carbon(Map<String, String> env, String... args) throws Exception {
        return CarbonProcess.start(env, dir.resolve("stderr.txt"), List.of(args));
    }

    private String stderr() throws Exception {
        return Files.readString(dir.resolve("stderr.txt"));
    }

    /** The command's first stdout line: proof that it is running (synchronisation without sleeping). */
    private static String firstLine(CarbonProcess carbon) throws Exception {
        String line = stdout(carbon).readLine();
        assertThat(line).as("the measured command's first line").isNotNull();
        return line.trim();
    }

    private static BufferedReader stdout(CarbonProcess carbon) {
        return new BufferedReader(new InputStreamReader(carbon.process().getInputStream(), StandardCharsets.UTF_8));
    }

    private static void signal(long pid, String signal) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
        assertThat(kill.waitFor()).as("kill -" + signal).isZero();
    }

    private static String string(JsonObject json, String field) {
        JsonElement value = json.get(field);
        assertThat(value).as(field).isInstanceOf(JsonPrimitive.class);
        assertThat(value.getAsJsonPrimitive().isString()).as(field + " is a string").isTrue();
        return value.getAsString();
    }

    private static double number(JsonObject json, String field) {
        JsonElement value = json.get(field);
        assertThat(value).as(field).isInstanceOf(JsonPrimitive.class);
        assertThat(value.getAsJsonPrimitive().isNumber()).as(field + " is a number").isTrue();
        return value.getAsDouble();
    }
}
