package io.carbonmlops.jenkins.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What one {@code withCarbonTracking} block costs on a real controller, agent and MLflow server: a Pipeline of N empty
 * tracked blocks against the same Pipeline with N empty {@code withEnv} blocks, alternated in one run, as build
 * duration and CPU time of the controller, agent and MLflow processes. A benchmark, not a test: failsafe runs it only
 * when named, {@code mvn -B -pl jenkins-plugin/kit verify -Dtest=NoSuchTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dit.test=BlockOverheadBench -Dcarbon.bench.blocks=20 -Dcarbon.bench.rounds=3}; it prints the figures and writes them
 * to target/e2e/block-overhead.txt (docs/jenkins.md has the write-up).
 */
@Timeout(value = 30, unit = TimeUnit.MINUTES)
class BlockOverheadBench {
    private static final int BLOCKS = Integer.getInteger("carbon.bench.blocks", 20);
    private static final int ROUNDS = Integer.getInteger("carbon.bench.rounds", 3);
    private static CarbonJenkins world;

    @BeforeAll
    static void start() throws Exception {
        world = CarbonJenkins.start("bench", false);
    }

    @AfterAll
    static void stop() {
        if (world != null) {
            world.close();
        }
    }

    @Test
    void emptyTrackedBlocksAgainstEmptyPlainBlocks() throws Exception {
        world.pipelines.create("plain", pipeline("withEnv(['BENCH=1']) { }"));
        world.pipelines.create("tracked", pipeline("withCarbonTracking(experiment: 'bench', runName: \"block ${i}\") { }"));
        world.pipelines.run("plain", Duration.ofMinutes(10)); // warm-up: class loading on controller and agent
        world.pipelines.run("tracked", Duration.ofMinutes(10));
        List<Sample> plain = new ArrayList<>();
        List<Sample> tracked = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            plain.add(measure("plain"));
            tracked.add(measure("tracked"));
        }

        String report = report(plain, tracked);
        System.out.println(report);
        Files.writeString(E2eRequirements.workDir().resolve("block-overhead.txt"), report);
        assertThat(world.runs("bench")).hasSize(BLOCKS * (ROUNDS + 1));
    }

    private static String pipeline(String block) {
        return "node('a1') { for (int i = 0; i < " + BLOCKS + "; i++) { " + block + " } }";
    }

    /** One build: its duration as Jenkins records it, and the CPU time each process spent meanwhile. */
    private record Sample(double buildSeconds, double controllerCpuSeconds, double agentCpuSeconds, double mlflowCpuSeconds) {}

    private static Sample measure(String job) throws Exception {
        double[] before = cpu();
        Pipelines.Build build = world.pipelines.run(job, Duration.ofMinutes(10));
        double[] after = cpu();
        assertThat(build.result()).as(build.console()).isEqualTo("SUCCESS");
        long millis = world.jenkins.json("job/" + job + "/" + build.number() + "/api/json?tree=duration").get("duration").getAsLong();
        return new Sample(millis / 1000.0, after[0] - before[0], after[1] - before[1], after[2] - before[2]);
    }

    /** CPU seconds (user + system) so far of the controller's, the agent's and the MLflow server's process trees. */
    private static double[] cpu() throws IOException {
        return new double[] {treeCpuSeconds(world.jenkins.javaPid()), treeCpuSeconds(world.agent.javaPid()),
                treeCpuSeconds(mlflowServerPid())};
    }

    /** The outermost process of the MLflow server (its watchdog; the CLI and uvicorn are below it). */
    private static long mlflowServerPid() {
        String port = Integer.toString(world.mlflow.port());
        List<ProcessHandle> matching = ProcessHandle.allProcesses().filter(p -> p.info().arguments()
                .map(args -> List.of(args).contains("--port") && List.of(args).contains(port)
                        && String.join(" ", args).contains("server"))
                .orElse(false)).toList();
        return matching.stream().filter(p -> p.parent().map(parent -> !matching.contains(parent)).orElse(true))
                .findFirst().orElseThrow(() -> new IllegalStateException("no MLflow server process on port " + port)).pid();
    }

    private static double treeCpuSeconds(long pid) throws IOException {
        double seconds = processCpuSeconds(pid);
        for (ProcessHandle child : ProcessHandle.of(pid).map(p -> p.descendants().toList()).orElse(List.of())) {
            seconds += processCpuSeconds(child.pid());
        }
        return seconds;
    }

    private static double processCpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0; // utime, stime in clock ticks
        } catch (IOException | RuntimeException gone) {
            return 0;
        }
    }

    private static String report(List<Sample> plain, List<Sample> tracked) {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
                "withCarbonTracking overhead: %d empty blocks per build, %d rounds, plain (withEnv) and tracked alternated%n",
                BLOCKS, ROUNDS));
        out.append("round  plain s  tracked s  | controller CPU s plain/tracked | agent CPU s plain/tracked | MLflow CPU s plain/tracked\n");
        for (int i = 0; i < plain.size(); i++) {
            Sample p = plain.get(i);
            Sample t = tracked.get(i);
            out.append(String.format(Locale.ROOT, "%5d  %7.2f  %9.2f  | %6.2f / %6.2f | %6.2f / %6.2f | %6.2f / %6.2f%n", i + 1,
                    p.buildSeconds(), t.buildSeconds(), p.controllerCpuSeconds(), t.controllerCpuSeconds(),
                    p.agentCpuSeconds(), t.agentCpuSeconds(), p.mlflowCpuSeconds(), t.mlflowCpuSeconds()));
        }
        double wall = median(tracked, Sample::buildSeconds) - median(plain, Sample::buildSeconds);
        double controller = median(tracked, Sample::controllerCpuSeconds) - median(plain, Sample::controllerCpuSeconds);
        double agent = median(tracked, Sample::agentCpuSeconds) - median(plain, Sample::agentCpuSeconds);
        double mlflow = median(tracked, Sample::mlflowCpuSeconds) - median(plain, Sample::mlflowCpuSeconds);
        out.append(String.format(Locale.ROOT, "per block (median tracked - median plain, / %d): %.0f ms build time, %.0f ms"
                        + " controller CPU, %.0f ms agent CPU, %.0f ms MLflow server CPU%n", BLOCKS, wall * 1000 / BLOCKS,
                controller * 1000 / BLOCKS, agent * 1000 / BLOCKS, mlflow * 1000 / BLOCKS));
        out.append(String.format(Locale.ROOT, "build time ratio tracked/plain: %.2f%n",
                median(tracked, Sample::buildSeconds) / median(plain, Sample::buildSeconds)));
        return out.toString();
    }

    private static double median(List<Sample> samples, java.util.function.ToDoubleFunction<Sample> value) {
        double[] sorted = samples.stream().mapToDouble(value).sorted().toArray();
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }
}
