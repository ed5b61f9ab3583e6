package io.carbonmlops.mlflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.carbonmlops.meter.Measurement;
import io.carbonmlops.mlflow.client.MlflowClient;
import io.carbonmlops.mlflow.client.MlflowConfig;
import io.carbonmlops.mlflow.testing.MlflowServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several processes flushing one spool at once (parallel Jenkins blocks, a user's {@code carbon mlflow flush}): every
 * record reaches its run exactly once and none is dead-lettered. Real JVMs, a real MLflow server.
 */
@Timeout(600)
class SpoolConcurrentFlushTest {
    private static final int PROCESSES = 3;
    private static final int RECORDS_PER_RUN = 3;
    private static final int SECONDS = 200;
    private static MlflowServer server;

    @TempDir
    Path work;

    @BeforeAll
    static void startServer() {
        server = MlflowServer.start();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void threeProcessesFlushingTogetherDeliverEveryRecordOnceAndRejectNothing() throws Exception {
        Path spoolDir = work.resolve("spool");
        Spool spool = new Spool(spoolDir);
        List<String> runIds = new ArrayList<>();
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        try (CarbonRunLogger logger = new CarbonRunLogger(new MlflowClient(MlflowConfig.of(server.trackingUri())), spool)) {
            for (String name : List.of("parallel-a", "parallel-b")) {
                MlflowRun run = logger.openRun(RunTarget.create("carbon-concurrent", name, start.toEpochMilli()));
                runIds.add(run.runId().orElseThrow());
                for (int i = 0; i < RECORDS_PER_RUN; i++) {
                    Measurement m = TestMeasurements.gpuRun(start.plusSeconds((long) i * SECONDS), 2, SECONDS, 100 + i);
                    spool.put(RunWriteBuilder.build(server.trackingUri(), run.target(), start.toEpochMilli(),
                            CarbonRecord.of(m, TestMeasurements.footprint(m))), "none", "spooled by the test");
                }
                spool.put(RunWrite.endRun(server.trackingUri(), run.target(), RunStatus.FINISHED,
                        start.plusSeconds(3L * SECONDS).toEpochMilli()), "none", "spooled by the test");
            }
        }
        int spooled = spool.size();
        assertThat(spooled).isEqualTo(2 * (RECORDS_PER_RUN + 1));

        Path go = work.resolve("go");
        List<Process> processes = new ArrayList<>();
        for (int i = 0; i < PROCESSES; i++) {
            processes.add(new ProcessBuilder(javaCommand(server.trackingUri(), spoolDir, go))
                    .redirectErrorStream(true).redirectOutput(work.resolve("flush-" + i + ".log").toFile()).start());
        }
        Files.writeString(go, "go");
        int delivered = 0;
        for (int i = 0; i < PROCESSES; i++) {
            assertThat(processes.get(i).waitFor(300, TimeUnit.SECONDS)).isTrue();
            String output = Files.readString(work.resolve("flush-" + i + ".log"), StandardCharsets.UTF_8);
            assertThat(processes.get(i).exitValue()).as(output).isZero();
            assertThat(output).as(output).contains("errors=[]").contains("busy=false");
            delivered += deliveredIn(output);
        }

        assertThat(delivered).as("each record sent by one process only").isEqualTo(spooled);
        assertThat(spool.size()).isZero();
        assertThat(spool.rejectedDirectory()).as("nothing delivered was dead-lettered").doesNotExist();
        try (MlflowClient client = new MlflowClient(MlflowConfig.of(server.trackingUri()))) {
            CarbonRunLogger reader = new CarbonRunLogger(client, spool);
            for (String runId : runIds) {
                for (int gpu = 0; gpu < 2; gpu++) {
                    assertThat(reader.history(runId, MetricKeys.gpuPower(gpu))).as("run %s gpu %d", runId, gpu)
                            .hasSize(RECORDS_PER_RUN * SECONDS);
                }
                assertThat(reader.history(runId, "carbon/records")).extracting(MetricPoint::value)
                        .contains((double) RECORDS_PER_RUN);
            }
        }
    }

    private static List<String> javaCommand(String uri, Path spoolDir, Path go) {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", classpath,
                SpoolFlushProcess.class.getName(), uri, spoolDir.toString(), go.toString(), "120");
    }

    private static int deliveredIn(String output) {
        Matcher matcher = Pattern.compile("delivered=(\\d+)").matcher(output);
        assertThat(matcher.find()).as(output).isTrue();
        return Integer.parseInt(matcher.group(1));
    }
}
