package io.carbonmlops.jenkins.agent;

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
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The agent-side record of one metered body: one JSON line per entry, appended and synced, so whatever
 * happens to the controller or to the agent's JVM, the totals up to the last entry survive on disk.
 *
 * <p>Entries are the window's running totals ({@code snapshot}) and, once stopped, its final measurement
 * ({@code final}). A line cut short by a crash is ignored. Each journal has one writer (the agent JVM that
 * started the window); methods are synchronized for the snapshot thread and the stop call.
 */
public final class MeterJournal {
    static final String SNAPSHOT = "snapshot";
    static final String FINAL = "final";

    private final Path file;

    public MeterJournal(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    public synchronized void appendSnapshot(Measurement runningTotals) {
        append(SNAPSHOT, runningTotals);
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
        JsonObject line = new JsonObject();
        line.addProperty("type", type);
        line.add("measurement", MeasurementJson.toJsonObject(measurement));
        byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, bytes, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.SYNC);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the meter journal " + file + ": " + e.getMessage(), e);
        }
    }

    private static Optional<Entry> parse(String line) {
        if (line.isBlank()) {
            return Optional.empty();
        }
        try {
            JsonObject json = JsonParser.parseString(line).getAsJsonObject();
            String type = json.get("type").getAsString();
            Measurement measurement = MeasurementJson.parse(json.get("measurement").toString()).measurement();
            return Optional.of(new Entry(FINAL.equals(type), measurement));
        } catch (JsonParseException | IllegalStateException | NullPointerException | IllegalArgumentException e) {
            return Optional.empty(); // a line cut short when the JVM died mid-write
        }
    }

    /** One journal line: running totals, or the final measurement. */
    public record Entry(boolean isFinal, Measurement measurement) {}
}
