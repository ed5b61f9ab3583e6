package io.carbonmlops.meter.report;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.carbonmlops.meter.DeviceId;
import io.carbonmlops.meter.DeviceKind;
import io.carbonmlops.meter.DeviceMeasurement;
import io.carbonmlops.meter.Measurement;
import io.carbonmlops.meter.MeasurementMethod;
import io.carbonmlops.meter.PowerSample;
import io.carbonmlops.meter.io.AtomicFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * The one JSON form of a {@link Measurement}, shared by {@code carbon measure --json}, the MLflow report artifact
 * and the Jenkins plugin. Field names are snake_case with the unit as suffix ({@code energy_j}, {@code duration_s});
 * instants are ISO-8601 UTC with milliseconds. docs/cli.md documents every field.
 *
 * <p>To add fields (carbon figures, run context), take {@link #toJsonObject}, add to it, and write it with
 * {@link #toJson(JsonObject)}; {@link #parse} keeps unknown fields in {@link MeasurementDocument#json()}.
 * Stateless and thread-safe.
 */
public final class MeasurementJson {
    /** Bumped only on incompatible changes; added fields keep the version. */
    public static final int FORMAT_VERSION = 1;

    private static final DateTimeFormatter INSTANT_MILLIS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final Pattern NUMBER_PAIR =
            Pattern.compile("\\[\\s+(-?[0-9][0-9.eE+-]*),\\s+(-?[0-9][0-9.eE+-]*)\\s+]");
    private static final Gson PRETTY = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().serializeNulls().create();

    private MeasurementJson() {}

    /** The measurement as a JSON object, without an exit code. */
    public static JsonObject toJsonObject(Measurement measurement) {
        return toJsonObject(measurement, OptionalInt.empty());
    }

    /**
     * The measurement as a JSON object that callers may extend before writing.
     *
     * @param exitCode the measured command's exit code, when there was one; omitted from the JSON otherwise
     */
    public static JsonObject toJsonObject(Measurement measurement, OptionalInt exitCode) {
        JsonObject json = new JsonObject();
        json.addProperty("format_version", FORMAT_VERSION);
        json.addProperty("meter_version", MeterVersion.get());
        json.addProperty("started_at", formatInstant(measurement.startedAt()));
        json.addProperty("ended_at", formatInstant(measurement.endedAt()));
        json.addProperty("duration_s", measurement.durationSeconds());
        exitCode.ifPresent(code -> json.addProperty("exit_code", code));
        json.add("energy_kwh", energyKwh(measurement));
        json.addProperty("pue", measurement.pue());
        JsonArray devices = new JsonArray();
        measurement.devices().forEach(device -> devices.add(deviceJson(device)));
        json.add("devices", devices);
        JsonArray warnings = new JsonArray();
        measurement.warnings().forEach(warnings::add);
        json.add("warnings", warnings);
        return json;
    }

    /** Adds the carbon figures of a footprint (co2e_kg, intensity, accounting, market-based, cost) to a document. */
    public static JsonObject addCarbon(JsonObject json, io.carbonmlops.meter.carbon.CarbonFootprint footprint) {
        io.carbonmlops.meter.carbon.CarbonFootprintJson.addTo(json, footprint);
        return json;
    }

    /** Pretty-printed JSON text of the measurement (no exit code). */
    public static String toJson(Measurement measurement) {
        return toJson(toJsonObject(measurement));
    }

    /** Pretty-printed JSON text, ending with a newline; each power-series point stays on one line. */
    public static String toJson(JsonObject json) {
        // Only structural arrays can match: newlines inside JSON strings are escaped.
        return NUMBER_PAIR.matcher(PRETTY.toJson(json)).replaceAll("[$1, $2]") + "\n";
    }

    /**
     * Writes the JSON to a file atomically (a sibling temp file, then a rename), so a reader never sees half a
     * document even when the writer is interrupted.
     */
    public static void write(JsonObject json, Path file) throws IOException {
        Path absolute = file.toAbsolutePath();
        Path dir = absolute.getParent();
        // A mistyped path must fail, not leave a tree of new directories behind.
        if (dir != null && !Files.isDirectory(dir)) {
            throw new NoSuchFileException(dir.toString(), null, "no such directory (it is not created)");
        }
        AtomicFile.write(absolute, toJson(json), AtomicFile.Access.WORLD_READABLE);
    }

    /**
     * Reads a document written by this class (any meter version with the same {@link #FORMAT_VERSION}).
     *
     * @throws JsonParseException naming the field when the text is not such a document
     */
    public static MeasurementDocument parse(String text) {
        JsonElement root = JsonParser.parseString(text);
        if (!root.isJsonObject()) {
            throw new JsonParseException("a measurement must be a JSON object, got: " + abbreviate(text));
        }
        JsonObject json = root.getAsJsonObject();
        int format = json.has("format_version") ? requiredInt(json, "format_version") : FORMAT_VERSION;
        if (format != FORMAT_VERSION) {
            throw new JsonParseException("measurement format_version " + format + " is not supported (this reader knows "
                    + FORMAT_VERSION + "); upgrade carbon-mlops");
        }
        List<DeviceMeasurement> devices = new ArrayList<>();
        for (JsonElement device : requiredArray(json, "devices")) {
            devices.add(parseDevice(device.getAsJsonObject()));
        }
        List<String> warnings = new ArrayList<>();
        for (JsonElement warning : requiredArray(json, "warnings")) {
            warnings.add(warning.getAsString());
        }
        Measurement measurement = new Measurement(
                parseInstant(json, "started_at"),
                parseInstant(json, "ended_at"),
                Duration.ofNanos(Math.round(requiredDouble(json, "duration_s") * 1e9)),
                devices,
                requiredDouble(json, "pue"),
                warnings);
        OptionalInt exitCode = json.has("exit_code") && !json.get("exit_code").isJsonNull()
                ? OptionalInt.of(requiredInt(json, "exit_code")) : OptionalInt.empty();
        String meterVersion = json.has("meter_version") ? json.get("meter_version").getAsString() : "unknown";
        return new MeasurementDocument(measurement, exitCode, meterVersion, json.deepCopy());
    }

    /** Reads a document from a file written by {@link #write}; see {@link #parse}. */
    public static MeasurementDocument read(Path file) throws IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8));
    }

    /** {@code 2026-11-30T03:42:18.120Z}: always three fraction digits, unlike {@link Instant#toString()}. */
    public static String formatInstant(Instant instant) {
        return INSTANT_MILLIS.format(instant);
    }

    private static JsonObject energyKwh(Measurement measurement) {
        JsonObject kwh = new JsonObject();
        for (DeviceKind kind : DeviceKind.values()) {
            kwh.addProperty(kind.label(), Measurement.joulesToKwh(measurement.energyJoules(kind)));
        }
        kwh.addProperty("total", Measurement.joulesToKwh(measurement.totalEnergyJoules()));
        kwh.addProperty("facility", Measurement.joulesToKwh(measurement.facilityEnergyJoules()));
        return kwh;
    }

    private static JsonObject deviceJson(DeviceMeasurement measured) {
        DeviceId id = measured.device();
        JsonObject json = new JsonObject();
        json.addProperty("kind", id.kind().label());
        json.addProperty("index", id.index());
        if (id.uuid() != null) {
            json.addProperty("uuid", id.uuid());
        }
        json.addProperty("name", id.name());
        json.addProperty("energy_j", roundTo(measured.energyJoules(), 1e6)); // µJ: the finest counter (RAPL)
        json.addProperty("method", measured.method().label());
        json.addProperty("estimate", measured.method().isEstimate());
        json.addProperty("load_scope", measured.method().loadScope());
        json.addProperty("mean_power_w", roundTo(measured.meanPowerWatts(), 1e3)); // mW: NVML's resolution
        json.addProperty("peak_power_w", roundTo(measured.peakPowerWatts(), 1e3));
        json.addProperty("partial", measured.partial());
        JsonArray series = new JsonArray();
        for (PowerSample sample : measured.powerSeries()) {
            JsonArray point = new JsonArray();
            point.add(roundTo(sample.offsetSeconds(), 1e3));
            point.add(roundTo(sample.powerWatts(), 1e3));
            series.add(point);
        }
        json.add("power_series", series);
        return json;
    }

    private static DeviceMeasurement parseDevice(JsonObject json) {
        DeviceKind kind = parseKind(requiredString(json, "kind"));
        String uuid = json.has("uuid") && !json.get("uuid").isJsonNull() ? json.get("uuid").getAsString() : null;
        DeviceId id = new DeviceId(kind, requiredInt(json, "index"), uuid, requiredString(json, "name"));
        List<PowerSample> series = new ArrayList<>();
        if (json.has("power_series")) {
            for (JsonElement point : requiredArray(json, "power_series")) {
                JsonArray pair = point.getAsJsonArray();
                series.add(new PowerSample(pair.get(0).getAsDouble(), pair.get(1).getAsDouble()));
            }
        }
        return new DeviceMeasurement(id, requiredDouble(json, "energy_j"), parseMethod(requiredString(json, "method")),
                requiredDouble(json, "mean_power_w"), json.has("peak_power_w") ? requiredDouble(json, "peak_power_w") : 0,
                series, json.has("partial") && json.get("partial").getAsBoolean());
    }

    private static DeviceKind parseKind(String label) {
        for (DeviceKind kind : DeviceKind.values()) {
            if (kind.label().equals(label)) {
                return kind;
            }
        }
        throw new JsonParseException("unknown device kind '" + label + "' (expected gpu, cpu or ram)");
    }

    private static MeasurementMethod parseMethod(String label) {
        for (MeasurementMethod method : MeasurementMethod.values()) {
            if (method.label().equals(label)) {
                return method;
            }
        }
        throw new JsonParseException("unknown measurement method '" + label + "'");
    }

    private static Instant parseInstant(JsonObject json, String field) {
        String text = requiredString(json, field);
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new JsonParseException(field + " must be an ISO-8601 UTC instant, was '" + text + "'", e);
        }
    }

    private static JsonElement required(JsonObject json, String field) {
        JsonElement value = json.get(field);
        if (value == null || value.isJsonNull()) {
            throw new JsonParseException("measurement JSON lacks the field '" + field + "'");
        }
        return value;
    }

    private static String requiredString(JsonObject json, String field) {
        JsonElement value = required(json, field);
        if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
            throw new JsonParseException("'" + field + "' must be a string, was " + value);
        }
        return value.getAsString();
    }

    private static double requiredDouble(JsonObject json, String field) {
        JsonElement value = required(json, field);
        if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isNumber()) {
            throw new JsonParseException("'" + field + "' must be a number, was " + value);
        }
        return value.getAsDouble();
    }

    private static int requiredInt(JsonObject json, String field) {
        double value = requiredDouble(json, field);
        if (value != Math.rint(value)) {
            throw new JsonParseException("'" + field + "' must be an integer, was " + value);
        }
        return (int) value;
    }

    private static JsonArray requiredArray(JsonObject json, String field) {
        JsonElement value = required(json, field);
        if (!value.isJsonArray()) {
            throw new JsonParseException("'" + field + "' must be an array, was " + value);
        }
        return value.getAsJsonArray();
    }

    private static double roundTo(double value, double scale) {
        return Math.round(value * scale) / scale;
    }

    private static String abbreviate(String text) {
        return text.length() <= 60 ? text : text.substring(0, 60) + "…";
    }
}
