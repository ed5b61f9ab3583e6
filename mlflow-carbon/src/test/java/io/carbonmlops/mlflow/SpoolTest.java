package io.carbonmlops.mlflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.carbonmlops.meter.Measurement;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolTest {
    @TempDir
    Path dir;

    @Test
    void aSpooledWriteReadsBackIdentically() {
        Measurement m = TestMeasurements.gpuRun(Instant.parse("2026-11-30T04:00:00Z"), 2, 5, 100);
        CarbonRecord record = CarbonRecord.of(m, TestMeasurements.footprint(m)).withStage("train");
        RunWrite write = RunWriteBuilder.build("http://127.0.0.1:5000", RunTarget.create("exp", "run", 1L), 1L, record)
                .withEndStatus(RunStatus.KILLED);
        Spool spool = new Spool(dir.resolve("spool"));

        spool.put(write, "connection refused");
        List<String> unreadable = new ArrayList<>();
        List<Spool.Entry> entries = spool.entries(unreadable);

        assertThat(unreadable).isEmpty();
        assertThat(entries).singleElement().satisfies(e -> {
            assertThat(e.write()).isEqualTo(write);
            assertThat(e.lastError()).isEqualTo("connection refused");
        });
        spool.remove(write.recordId());
        assertThat(spool.size()).isZero();
    }

    @Test
    void writesAreDeliveredInTheOrderTheyWereSpooledEvenAfterAFailedRetry() {
        Spool spool = new Spool(dir);
        List<RunWrite> writes = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            writes.add(RunWrite.endRun("http://127.0.0.1:5000", RunTarget.existing("run" + i), RunStatus.FINISHED));
            spool.put(writes.get(i), "down");
        }

        spool.put(writes.get(0), "still down"); // a flush retried the oldest and failed again

        assertThat(spool.entries(new ArrayList<>())).extracting(Spool.Entry::write).containsExactlyElementsOf(writes);
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
}
