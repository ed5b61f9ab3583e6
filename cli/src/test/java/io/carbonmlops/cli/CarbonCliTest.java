package io.carbonmlops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.carbonmlops.meter.MeterClock;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line in process, black box: exit codes and exact output, as the picocli manual tests. */
class CarbonCliTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @TempDir
    Path dir;

    private int run(String... args) {
        CliEnvironment environment = new CliEnvironment(Map.of("CARBON_NVML_LIBRARY", "/nonexistent/libnvidia-ml.so.1"),
                MeterClock.SYSTEM);
        CommandLine commandLine = CarbonCli.commandLine(new PrintWriter(out), new PrintWriter(err), environment);
        return commandLine.execute(args);
    }

    @Test
    void bareCarbonPrintsUsageOnStderrAsAUsageError() {
        assertThat(run()).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("Usage: carbon").contains("measure").contains("devices");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void bareCommandGroupsPrintTheirUsageAsAUsageError() {
        assertThat(run("gate")).isEqualTo(ExitCodes.USAGE);
        assertThat(run("mlflow")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("Usage: carbon gate", "check", "promote", "Usage: carbon mlflow", "flush");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void helpListsCommandsAndNamedExitCodes() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString())
                .contains("Commands:", "measure", "devices", "help")
                .contains("Exit codes:", "125", "127", "128+N");
    }

    @Test
    void measureHelpShowsTheEndOfOptionsDelimiterAndExitCodes() {
        assertThat(run("measure", "--help")).isZero();
        assertThat(out.toString()).containsPattern("\\[--]\\s+\\[COMMAND\\.\\.\\.]") // the synopsis may wrap between them
                .contains("--json=FILE", "--interval=DURATION", "Exit codes:");
        assertThat(out.toString()).as("the estimate settings the warnings name are shown").contains("--cpu-tdp=WATTS");
        assertThat(out.toString()).as("test-only roots stay out of --help").doesNotContain("--powercap-root");
    }

    @Test
    void everyCommandAndSubcommandAnswersHelpWithItsUsage() {
        List<List<String>> paths = new ArrayList<>();
        collectCommandPaths(CarbonCli.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()),
                new CliEnvironment(Map.of(), MeterClock.SYSTEM)), new ArrayList<>(), paths);
        assertThat(paths).as("the walk found the nested gate and mlflow commands")
                .contains(List.of("gate", "check"), List.of("gate", "promote"), List.of("mlflow", "flush"));
        for (List<String> path : paths) {
            out.getBuffer().setLength(0);
            err.getBuffer().setLength(0);
            List<String> args = new ArrayList<>(path);
            args.add("--help");
            assertThat(run(args.toArray(String[]::new))).as("exit code of carbon %s", args).isZero();
            assertThat(out.toString()).as("help of carbon %s", args)
                    .contains("Usage: carbon" + (path.isEmpty() ? " " : " " + String.join(" ", path) + " "));
            assertThat(err.toString()).as("stderr of carbon %s", args).isEmpty();
        }
    }

    private static void collectCommandPaths(CommandLine commandLine, List<String> path, List<List<String>> paths) {
        paths.add(List.copyOf(path));
        commandLine.getSubcommands().forEach((name, sub) -> {
            List<String> deeper = new ArrayList<>(path);
            deeper.add(name);
            collectCommandPaths(sub, deeper, paths);
        });
    }

    @Test
    void gateCheckTakesTheModelVersionAsVersionNotTheSuiteVersion() {
        assertThat(run("gate", "check", "--model", "m", "--version", "3", "--stage", "Production",
                "--policy", dir.resolve("missing.yaml").toString())).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).as("the options parsed; the missing policy file is what failed")
                .contains("invalid gate policy").doesNotContain("Missing required");
    }

    @Test
    void versionNamesTheSuite() {
        assertThat(run("--version")).isZero();
        assertThat(out.toString()).startsWith("carbon-mlops ");
    }

    @Test
    void measureWithoutACommandIsAUsageErrorThatSaysWhatToDo() {
        assertThat(run("measure", "--json", "x.json", "--")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).startsWith("carbon: no command to measure: put it after '--'")
                .contains("Try 'carbon measure --help'");
    }

    @Test
    void anInvalidIntervalIsAUsageErrorNamingTheValue() {
        assertThat(run("measure", "--interval", "fast", "--", "true")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("'fast' is not a duration");
    }

    @Test
    void aPueBelowOneIsAUsageError() {
        assertThat(run("measure", "--pue", "0.9", "--", "true")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("PUE must be between 1.0 and 5.0");
    }

    @Test
    void unknownOptionsBeforeTheCommandAreUsageErrors() {
        assertThat(run("measure", "--frobnicate", "--", "true")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("Unknown option: '--frobnicate'");
    }

    @Test
    void aMissingProgramExitsWith127() {
        assertThat(run("measure", "-q", "--", "/nonexistent/program")).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(err.toString()).isEqualTo("carbon: cannot run '/nonexistent/program': no such file or command "
                + "(check the name and PATH)\n");
    }

    @Test
    void aCommandThatCannotStartIsStillRecordedWithItsShellExitCode() throws Exception {
        Path json = dir.resolve("m.json");
        assertThat(run("measure", "--no-cpu", "--no-ram", "--json", json.toString(), "--", "/nonexistent/program"))
                .isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(err.toString()).startsWith("carbon: cannot run '/nonexistent/program'")
                .contains("exit code 127");
        assertThat(io.carbonmlops.meter.report.MeasurementJson.parse(java.nio.file.Files.readString(json)).exitCode())
                .hasValue(ExitCodes.NOT_FOUND);
    }

    @Test
    void aFileThatIsNotAProgramExitsWith126() throws Exception {
        Path notExecutable = java.nio.file.Files.writeString(dir.resolve("data.txt"), "not a program");
        assertThat(run("measure", "-q", "--", notExecutable.toString())).isEqualTo(ExitCodes.CANNOT_EXECUTE);
        assertThat(err.toString()).contains("cannot run '" + notExecutable + "'");
    }

    @Test
    void measurePassesTheExitCodeThroughAndSummarisesOnStderr() {
        List<String> args = new ArrayList<>(List.of("measure"));
        args.addAll(List.of(new FakeMachine(dir).meterOptions()));
        args.addAll(List.of("--", "sh", "-c", "exit 9"));

        assertThat(run(args.toArray(String[]::new))).isEqualTo(9);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString())
                .containsPattern("(?m)^carbon: measured [0-9.]+ s, exit code 9$")
                .containsPattern("(?m)^carbon:   cpu 0 \\(package-0\\)\\s+0 J  rapl, mean 0 W, peak 0 W$")
                .contains("carbon:   energy 0 J (IT), 0 J facility at PUE 1");
    }

    @Test
    void commandArgumentsThatLookLikeOptionsOrArgumentFilesReachTheCommand() {
        // Without "--" the command's own options are still its own, and "@file" is not expanded by carbon.
        assertThat(run("measure", "-q", "--no-cpu", "--no-ram", "sh", "-c", "test \"$1\" = @args && test \"$2\" = --help",
                "sh", "@args", "--help")).isZero();
    }

    @Test
    void theCpuTdpOptionDrivesTheEstimate() {
        // RAPL absent: the estimate is TDP x (0.10 + 0.90 x utilisation), and carbon names the configured TDP.
        assertThat(run("devices", "--no-ram", "--cpu-tdp", "120", "--powercap-root", dir.resolve("none").toString(),
                "--proc-root", new FakeMachine(dir).procRoot().toString(), "--cgroup-root", dir.toString())).isZero();
        assertThat(out.toString()).containsPattern("(?m)^cpu\\s+0 Fake CPU\\s+cpu-tdp-utilisation-estimate \\(estimate\\)\\s+.*120 W");
    }

    @Test
    void withoutGpuOrRaplTheSummaryHasOneShortLinePerDeviceNamingTheOptionThatFixesIt() {
        Path none = dir.resolve("none");
        String[] args = {"measure", "--powercap-root", none.toString(), "--proc-root",
            new FakeMachine(dir).procRoot().toString(), "--cgroup-root", dir.toString(), "--", "true"};
        assertThat(run(args)).isZero();

        List<String> notes = err.toString().lines().filter(line -> line.matches("carbon:   (gpu|cpu|ram|warning|details):.*"))
                .toList();
        assertThat(notes).containsExactly(
                "carbon:   gpu: not measured: no NVML library (no NVIDIA driver here); CARBON_NVML_LIBRARY names one, "
                        + "--gpus none skips GPUs",
                "carbon:   cpu: estimate: 85 W TDP (generic) x the whole machine's CPU use; no RAPL (no " + none
                        + "); set the TDP with --cpu-tdp WATTS",
                "carbon:   ram: estimate: 0.375 W per GB of the whole machine's memory in use; no RAPL dram (no " + none
                        + "); --ram-watts-per-gb sets the figure",
                "carbon:   details: 'carbon devices', or 'carbon measure --verbose'");
        assertThat(err.toString()).as("no permission advice where the files do not exist").doesNotContain("chmod");

        err.getBuffer().setLength(0);
        String[] verbose = new String[args.length + 1];
        verbose[0] = "measure";
        verbose[1] = "--verbose";
        System.arraycopy(args, 1, verbose, 2, args.length - 1);
        assertThat(run(verbose)).isZero();
        assertThat(err.toString()).contains("carbon:   warning: cpu: RAPL not used: no powercap tree at " + none,
                "carbon:   warning: gpu (NVML): GPUs not measured: load /nonexistent/libnvidia-ml.so.1");
    }

    @Test
    void quietPrintsNothing() {
        assertThat(run("measure", "-q", "--no-cpu", "--no-ram", "--", "true")).isZero();
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void aJsonPathUnderAFileIsAUsageErrorBeforeTheCommandRuns() throws Exception {
        Path blocker = java.nio.file.Files.writeString(dir.resolve("file"), "x");
        assertThat(run("measure", "-q", "--no-cpu", "--no-ram", "--json", blocker.resolve("m.json").toString(), "--",
                "true")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("--json " + blocker.resolve("m.json") + ": directory " + blocker
                + " does not exist");
    }

    @Test
    void aJsonDirectoryThatVanishesDuringTheRunTurnsSuccessInto125() throws Exception {
        Path reports = java.nio.file.Files.createDirectories(dir.resolve("reports"));
        assertThat(run("measure", "-q", "--no-cpu", "--no-ram", "--json", reports.resolve("m.json").toString(), "--",
                "rmdir", reports.toString())).isEqualTo(ExitCodes.CARBON_FAILED);
        assertThat(err.toString()).contains("cannot write the measurement to " + reports.resolve("m.json"));
        assertThat(reports).as("not re-created").doesNotExist();
    }

    @Test
    void devicesListsEachDeviceWithItsMethodAndWhyNot() {
        List<String> args = new ArrayList<>(List.of("devices"));
        args.addAll(List.of(new FakeMachine(dir).meterOptions()));

        assertThat(run(args.toArray(String[]::new))).isZero();
        assertThat(out.toString().lines().toList())
                .first().asString().matches("KIND\\s+DEVICE\\s+METHOD\\s+DETAIL");
        assertThat(out.toString())
                .containsPattern("(?m)^gpu\\s+NVML\\s+unavailable\\s+.*CARBON_NVML_LIBRARY")
                .containsPattern("(?m)^cpu\\s+0 package-0\\s+rapl\\s+RAPL counter ")
                .containsPattern("(?m)^ram\\s+0 dram intel-rapl:0:0\\s+rapl\\s+");
    }

    @Test
    void devicesJsonMarksWhatIsMeasurable() {
        assertThat(run("devices", "--json", "--no-ram", "--powercap-root", dir.resolve("none").toString(),
                "--proc-root", dir.resolve("none").toString())).isZero();
        com.google.gson.JsonArray devices = com.google.gson.JsonParser.parseString(out.toString()).getAsJsonArray();
        assertThat(devices).isNotEmpty();
        assertThat(devices.get(0).getAsJsonObject().get("kind").getAsString()).isEqualTo("gpu");
        assertThat(devices.get(0).getAsJsonObject().get("measurable").getAsBoolean()).isFalse();
        assertThat(devices.get(0).getAsJsonObject().get("detail").getAsString()).contains("CARBON_NVML_LIBRARY");
    }
}
