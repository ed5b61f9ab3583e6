package io.carbonmlops.jenkins.agent;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.carbonmlops.meter.DeviceMeasurement;
import io.carbonmlops.meter.Measurement;
import io.carbonmlops.meter.report.MeasurementJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The agent-side record of one metered body: one JSON line per entry, appended and synced, so whatever
 * happens to the controller or to the agent's JVM, the totals up to the last entry survive on disk.
 *
 * <p>Entries are the window's running totals ({@code snapshot}, without the power series, which only the final
 * entry keeps) and, once stopped, its final measurement ({@code final}). A line cut short by a crash is ignored.
 * Only the last entry matters, so after {@value #COMPACT_AFTER_LINES} lines the file is rewritten (atomically)
 * to its last entry: a week-long training keeps a journal of a few kilobytes. Each journal has one writer (the
 * agent JVM that started the window); methods are synchronized for the snapshot thread and the stop call. Not final
 * only so that tests can pause a write.
 */
public class MeterJournal {
    static final String SNAPSHOT = "snapshot";
    static final String FINAL = "final";
    static final int COMPACT_AFTER_LINES = 100;

    private final Path file;
    private final Path directory;
    private int linesWritten;

    public MeterJournal(Path file) {
        this.file = file;
        this.directory = Objects.requireNonNull(file.toAbsolutePath().getParent(),
                () -> "a meter journal needs a directory, was " + file);
    }

    public Path file() {
        return file;
    }

    public synchronized void appendSnapshot(Measurement runningTotals) {
        Measurement totals = withoutPowerSeries(runningTotals);
        if (linesWritten >= COMPACT_AFTER_LINES) {
            rewrite(SNAPSHOT, totals);
        } else {
            append(SNAPSHOT, totals);
        }
    }

    public synchronized void appendFinal(Measurement measurement) {
        append(FINAL, measurement);
    }

    /** The last complete entry, if any. */
    public synchronized Optional<Entry> last() throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        List<Entry> entries = new ArrayList<>();
        for (String line : lines) {
            parse(line).ifPresent(entries::add);
        }
        return entries.isEmpty() ? Optional.empty() : Optional.of(entries.get(entries.size() - 1));
    }

    /**
     * What to report when the JVM that ran the window is gone: the last running totals, every device marked
     * partial, with a warning that says from when on energy is missing.
     */
    public static Measurement recovered(Measurement lastSnapshot, String meterId) {
        List<DeviceMeasurement> devices = new ArrayList<>();
        for (DeviceMeasurement d : lastSnapshot.devices()) {
            devices.add(new DeviceMeasurement(d.device(), d.energyJoules(), d.method(), d.meanPowerWatts(),
                    d.peakPowerWatts(), d.powerSeries(), true));
        }
        List<String> warnings = new ArrayList<>(lastSnapshot.warnings());
        warnings.add("meter " + meterId + ": the agent JVM that ran it stopped during the body; energy after "
                + MeasurementJson.formatInstant(lastSnapshot.endedAt()) + " (the last journal entry) is not counted");
        return new Measurement(lastSnapshot.startedAt(), lastSnapshot.endedAt(), lastSnapshot.duration(), devices,
                lastSnapshot.pue(), warnings);
    }

    private void append(String type, Measurement measurement) {
        try {
            Files.createDirectories(directory);
            Files.write(file, line(type, measurement), StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                    StandardOpenOption.SYNC);
            linesWritten++;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the meter journal " + file + ": " + e.getMessage(), e);
        }
    }

    /** Replaces the journal by one entry: a sibling temp file, then an atomic rename, so no reader sees it empty. */
    private void rewrite(String type, Measurement measurement) {
        try {
            Path temp = Files.createTempFile(directory, "." + file.getFileName(), ".tmp");
            try {
                Files.write(temp, line(type, measurement), StandardOpenOption.SYNC);
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temp);
            }
            linesWritten = 1;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot compact the meter journal " + file + ": " + e.getMessage(), e);
        }
    }

    private static byte[] line(String type, Measurement measurement) {
        JsonObject line = new JsonObject();
        line.addProperty("type", type);
        line.add("measurement", MeasurementJson.toJsonObject(measurement));
        return (line + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private static Measurement withoutPowerSeries(Measurement m) {
        List<DeviceMeasurement> devices = new ArrayList<>();
        for (DeviceMeasurement d : m.devices()) {
            devices.add(new DeviceMeasurement(d.device(), d.energyJoules(), d.method(), d.meanPowerWatts(),
                    d.peakPowerWatts(), List.of(), d.partial()));
        }
        return new Measurement(m.startedAt(), m.endedAt(), m.duration(), devices, m.pue(), m.warnings());
    }

    private static Optional<Entry> parse(String line) {
        if (line.isBlank()) {
            return Optional.empty();
        }
        try {
            JsonObject json = JsonParser.parseString(line).getAsJsonObject();
            JsonElement type = json.get("type");
            JsonElement measurement = json.get("measurement");
            if (type == null || measurement == null) {
                return Optional.empty();
            }
            return Optional.of(new Entry(FINAL.equals(type.getAsString()),
                    MeasurementJson.parse(measurement.toString()).measurement()));
        } catch (JsonParseException | IllegalStateException | IllegalArgumentException e) {
            return Optional.empty(); // a line cut short when the JVM died mid-write
        }
    }

    /** One journal line: running totals, or the final measurement. */
    public record Entry(boolean isFinal, Measurement measurement) {}
}
