package io.carbonmlops.mlflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.carbonmlops.meter.Measurement;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class SpoolTest {
    @TempDir
    Path dir;

    @Test
    void aSpooledWriteReadsBackIdenticallyWithWhoMayDeliverIt() {
        Measurement m = TestMeasurements.gpuRun(Instant.parse("2026-11-30T04:00:00Z"), 2, 5, 100);
        CarbonRecord record = CarbonRecord.of(m, TestMeasurements.footprint(m)).withStage("train");
        RunWrite write = RunWriteBuilder.build("http://127.0.0.1:5000", RunTarget.create("exp", "run", 1L), 1L, record)
                .withEndStatus(RunStatus.KILLED, 1_764_475_200_000L);
        Spool spool = new Spool(dir.resolve("spool"));

        spool.put(write, "basic:alice", "connection refused");
        List<String> unreadable = new ArrayList<>();
        List<Spool.Entry> entries = spool.entries(unreadable);

        assertThat(unreadable).isEmpty();
        assertThat(entries).singleElement().satisfies(e -> {
            assertThat(e.write()).isEqualTo(write);
            assertThat(e.write().endTimeMillis()).isEqualTo(1_764_475_200_000L);
            assertThat(e.lastError()).isEqualTo("connection refused");
            assertThat(e.credentials()).isEqualTo("basic:alice");
            assertThat(e.deliverableBy("basic:alice")).isTrue();
            assertThat(e.deliverableBy("basic:bob")).isFalse();
            assertThat(e.deliverableBy("none")).isFalse();
        });
        spool.remove(write.recordId());
        assertThat(spool.size()).isZero();
    }

    @Test
    void writesAreDeliveredInTheOrderTheyWereSpooledEvenAfterAFailedRetry() {
        Spool spool = new Spool(dir);
        List<RunWrite> writes = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            writes.add(RunWrite.endRun("http://127.0.0.1:5000", RunTarget.existing("run" + i), RunStatus.FINISHED, 1L));
            spool.put(writes.get(i), "none", "down");
        }

        spool.put(writes.get(0), "none", "still down"); // a flush retried the oldest and failed again

        assertThat(spool.entries(new ArrayList<>())).extracting(Spool.Entry::write).containsExactlyElementsOf(writes);
    }

    /** A file spooled by the previous version (format 1: marker tag, no identity, no end time) is still delivered. */
    @Test
    void anEntryOfTheFirstFormatIsReadAndAnyCredentialsForItsServerMayDeliverIt() throws Exception {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("abc.json"), """
                {"formatVersion":1,"write":{"recordId":"abc","trackingUri":"http://127.0.0.1:5000",
                 "target":{"runId":"r1","startTimeMillis":0},"metrics":[],"tags":{},"artifacts":{},
                 "markerKey":"carbon.record.abc","markerValue":"{\\"energy_kwh\\":1.0}"},
                 "lastError":"down","spooledAt":"0000000000001-000000001"}""");

        List<Spool.Entry> entries = new Spool(dir).entries(new ArrayList<>());

        assertThat(entries).singleElement().satisfies(e -> {
            assertThat(e.write().summary()).isEqualTo("{\"energy_kwh\":1.0}");
            assertThat(e.write().endTimeMillis()).isZero();
            assertThat(e.credentials()).isNull();
            assertThat(e.deliverableBy("basic:anyone")).isTrue();
        });
    }

    @Test
    void aCorruptFileIsReportedAndLeftInPlace() throws Exception {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("broken.json"), "{not json");
        List<String> unreadable = new ArrayList<>();

        assertThat(new Spool(dir).entries(unreadable)).isEmpty();
        assertThat(unreadable).singleElement().asString().contains("broken.json");
        assertThat(dir.resolve("broken.json")).exists();
    }

    @Test
    void oneFlushAtATimeHoldsTheSpoolWithinAJvmAndTheOtherWaitsOrGivesUp() throws Exception {
        Spool spool = new Spool(dir);
        Spool sameDirectory = new Spool(dir.resolve("."));
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService threads = Executors.newSingleThreadExecutor();
        try {
            Future<Optional<String>> first = threads.submit(() -> spool.whileLocked(Duration.ZERO, () -> {
                holding.countDown();
                await(release);
                return "first";
            }));
            holding.await();

            assertThat(sameDirectory.whileLocked(Duration.ZERO, () -> "second")).isEmpty();
            release.countDown();
            assertThat(first.get()).contains("first");
            assertThat(sameDirectory.whileLocked(Duration.ofSeconds(5), () -> "third")).contains("third");
        } finally {
            threads.shutdownNow();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
