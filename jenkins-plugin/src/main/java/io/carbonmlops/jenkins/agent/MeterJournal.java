package io.carbonmlops.jenkins.agent;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.carbonmlops.meter.CounterMark;
import io.carbonmlops.meter.DeviceId;
import io.carbonmlops.meter.DeviceKind;
import io.carbonmlops.meter.DeviceMeasurement;
import io.carbonmlops.meter.Measurement;
import io.carbonmlops.meter.MeasurementMethod;
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
import java.util.Arrays;
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
        appendSnapshot(runningTotals, List.of(), null);
    }

    /**
     * @param marks  the device counters' marks of the same reading, so a JVM that resumes the window can count the
     *               energy of the time nobody metered
     * @param bootId the machine's boot id: marks only hold within one boot
     */
    public synchronized void appendSnapshot(Measurement runningTotals, List<CounterMark> marks, String bootId) {
        byte[] line = line(SNAPSHOT, withoutPowerSeries(runningTotals), marks, bootId);
        if (linesWritten >= COMPACT_AFTER_LINES) {
            rewrite(line);
        } else {
            append(line);
        }
    }

    public synchronized void appendFinal(Measurement measurement) {
        append(line(FINAL, measurement, List.of(), null));
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

    private void append(byte[] line) {
        try {
            Files.createDirectories(directory);
            Files.write(file, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                    StandardOpenOption.SYNC);
            linesWritten++;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the meter journal " + file + ": " + e.getMessage(), e);
        }
    }

    /** Replaces the journal by one entry: a sibling temp file, then an atomic rename, so no reader sees it empty. */
    private void rewrite(byte[] line) {
        try {
            Path temp = Files.createTempFile(directory, "." + file.getFileName(), ".tmp");
            try {
                Files.write(temp, line, StandardOpenOption.SYNC);
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temp);
            }
            linesWritten = 1;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot compact the meter journal " + file + ": " + e.getMessage(), e);
        }
    }

    private static byte[] line(String type, Measurement measurement, List<CounterMark> marks, String bootId) {
        JsonObject line = new JsonObject();
        line.addProperty("type", type);
        line.add("measurement", MeasurementJson.toJsonObject(measurement));
        if (!marks.isEmpty()) {
            JsonArray array = new JsonArray();
            marks.forEach(m -> array.add(markJson(m)));
            line.add("marks", array);
        }
        if (bootId != null) {
            line.addProperty("boot_id", bootId);
        }
        return (line + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private static JsonObject markJson(CounterMark mark) {
        JsonObject json = new JsonObject();
        json.addProperty("kind", mark.device().kind().label());
        json.addProperty("index", mark.device().index());
        json.addProperty("uuid", mark.device().uuid());
        json.addProperty("name", mark.device().name());
        json.addProperty("method", mark.method().label());
        json.addProperty("counter_j", mark.counterJoules());
        json.addProperty("range_j", mark.wrapRangeJoules());
        return json;
    }

    private static CounterMark parseMark(JsonObject json) {
        DeviceKind kind = Arrays.stream(DeviceKind.values()).filter(k -> k.label().equals(json.get("kind").getAsString()))
                .findFirst().orElseThrow(() -> new IllegalArgumentException("unknown device kind in a mark"));
        MeasurementMethod method = Arrays.stream(MeasurementMethod.values())
                .filter(m -> m.label().equals(json.get("method").getAsString())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown method in a mark"));
        JsonElement uuid = json.get("uuid");
        DeviceId device = new DeviceId(kind, json.get("index").getAsInt(),
                uuid == null || uuid.isJsonNull() ? null : uuid.getAsString(), json.get("name").getAsString());
        return new CounterMark(device, method, json.get("counter_j").getAsDouble(), json.get("range_j").getAsDouble());
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
            List<CounterMark> marks = new ArrayList<>();
            if (json.has("marks")) {
                json.getAsJsonArray("marks").forEach(m -> marks.add(parseMark(m.getAsJsonObject())));
            }
            JsonElement bootId = json.get("boot_id");
            return Optional.of(new Entry(FINAL.equals(type.getAsString()),
                    MeasurementJson.parse(measurement.toString()).measurement(), marks,
                    bootId == null ? null : bootId.getAsString()));
        } catch (JsonParseException | IllegalStateException | IllegalArgumentException | NullPointerException
                | UnsupportedOperationException e) {
            return Optional.empty(); // a line cut short when the JVM died mid-write
        }
    }

    /**
     * One journal line: running totals, or the final measurement.
     *
     * @param marks  the device counters' marks of the running totals' reading (none in a final entry)
     * @param bootId the boot of the machine the marks were read in; null when unknown
     */
    public record Entry(boolean isFinal, Measurement measurement, List<CounterMark> marks, String bootId) {
        public Entry {
            marks = List.copyOf(marks);
        }
    }
}
