package io.carbonmlops.jenkins.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.carbonmlops.meter.DeviceId;
import io.carbonmlops.meter.DeviceKind;
import io.carbonmlops.meter.DeviceMeasurement;
import io.carbonmlops.meter.Measurement;
import io.carbonmlops.meter.MeasurementMethod;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MeterJournalTest {
    @TempDir
    Path dir;

    @Test
    void theLastCompleteEntryWinsAndALineCutShortByACrashIsIgnored() throws Exception {
        MeterJournal journal = new MeterJournal(dir.resolve("m.jsonl"));
        journal.appendSnapshot(measurement(100));
        journal.appendSnapshot(measurement(250));
        Files.writeString(journal.file(), "{\"type\":\"snapshot\",\"measurem", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        Files.writeString(journal.file(), "\n{\"type\":\"snapshot\"}\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);

        MeterJournal.Entry last = journal.last().orElseThrow();

        assertThat(last.isFinal()).isFalse();
        assertThat(last.measurement().totalEnergyJoules()).isEqualTo(250);
    }

    @Test
    void aFinalEntryIsReportedAsFinal() throws Exception {
        MeterJournal journal = new MeterJournal(dir.resolve("sub/m.jsonl"));
        journal.appendSnapshot(measurement(10));
        journal.appendFinal(measurement(42));

        assertThat(journal.last()).hasValueSatisfying(e -> {
            assertThat(e.isFinal()).isTrue();
            assertThat(e.measurement().totalEnergyJoules()).isEqualTo(42);
        });
    }

    @Test
    void aLongRunningWindowKeepsASmallJournalWhoseLastEntryIsTheLatestTotals() throws Exception {
        MeterJournal journal = new MeterJournal(dir.resolve("long.jsonl"));
        for (int i = 1; i <= 3 * MeterJournal.COMPACT_AFTER_LINES; i++) {
            journal.appendSnapshot(measurement(i));
        }

        assertThat(Files.readAllLines(journal.file())).hasSizeLessThanOrEqualTo(MeterJournal.COMPACT_AFTER_LINES);
        assertThat(journal.last().orElseThrow().measurement().totalEnergyJoules()).isEqualTo(300);
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(journal.file());
        }
    }

    @Test
    void snapshotsDropThePowerSeriesTheFinalEntryKeepsIt() throws Exception {
        MeterJournal journal = new MeterJournal(dir.resolve("series.jsonl"));
        journal.appendSnapshot(withSeries(measurement(5)));
        assertThat(journal.last().orElseThrow().measurement().devices().get(0).powerSeries()).isEmpty();

        journal.appendFinal(withSeries(measurement(6)));
        assertThat(journal.last().orElseThrow().measurement().devices().get(0).powerSeries()).hasSize(1);
    }

    @Test
    void aMissingJournalHasNoEntry() throws Exception {
        assertThat(new MeterJournal(dir.resolve("absent.jsonl")).last()).isEmpty();
    }

    @Test
    void recoveredTotalsAreMarkedPartialAndSayFromWhenEnergyIsMissing() {
        Measurement recovered = MeterJournal.recovered(measurement(300), "m-7");

        assertThat(recovered.totalEnergyJoules()).isEqualTo(300);
        assertThat(recovered.devices()).allMatch(DeviceMeasurement::partial);
        assertThat(recovered.warnings()).containsExactly("meter m-7: the agent JVM that ran it stopped during the body;"
                + " energy after 2026-11-30T04:00:30.000Z (the last journal entry) is not counted");
    }

    private static Measurement withSeries(Measurement m) {
        DeviceMeasurement d = m.devices().get(0);
        DeviceMeasurement withSeries = new DeviceMeasurement(d.device(), d.energyJoules(), d.method(), d.meanPowerWatts(),
                d.peakPowerWatts(), List.of(new io.carbonmlops.meter.PowerSample(30, 3.0)), false);
        return new Measurement(m.startedAt(), m.endedAt(), m.duration(), List.of(withSeries), m.pue(), m.warnings());
    }

    private static Measurement measurement(double joules) {
        Instant start = Instant.parse("2026-11-30T04:00:00Z");
        DeviceMeasurement cpu = new DeviceMeasurement(new DeviceId(DeviceKind.CPU, 0, null, "package-0"), joules,
                MeasurementMethod.RAPL, joules / 30, joules / 20, List.of(), false);
        return new Measurement(start, start.plusSeconds(30), Duration.ofSeconds(30), List.of(cpu), 1.1, List.of());
    }
}
