package io.carbonmlops.ledger;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.carbonmlops.meter.Measurement;
import io.carbonmlops.meter.carbon.CarbonFootprint;
import io.carbonmlops.meter.report.MeasurementJson;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Builds {@link EntryKind#MEASUREMENT} entries. The body holds the fields of the measurement JSON (docs/cli.md) that
 * an audit, a gate or a chargeback needs, under the same names: window ({@code started_at}, {@code ended_at},
 * {@code duration_s}, {@code exit_code}, {@code stopped_by_signal}), {@code pue}, {@code energy_kwh}, per-device
 * energy and method ({@code devices}, without the power curves), {@code meter_version}, {@code warnings}, and when
 * carbon was computed {@code co2e_kg}, {@code co2e_market_based_kg}, {@code market_factor_g_per_kwh},
 * {@code intensity} (with its provenance), {@code accounting}, {@code intensity_intervals},
 * {@code facility_energy_kwh}, {@code cost} and the carbon-aware {@code shift} decision. Fields the document lacks are left out, never written as 0.
 */
public final class MeasurementEntries {
    private static final List<String> TOP_LEVEL = List.of("meter_version", "started_at", "ended_at", "duration_s",
            "exit_code", "stopped_by_signal", "pue", "energy_kwh", "warnings", "co2e_kg", "co2e_market_based_kg",
            "market_factor_g_per_kwh", "intensity", "accounting", "intensity_intervals", "facility_energy_kwh", "cost",
            "shift");
    private static final List<String> DEVICE_FIELDS = List.of("kind", "index", "uuid", "name", "energy_j", "method",
            "estimate", "mean_power_w", "peak_power_w", "partial");

    private MeasurementEntries() {}

    /**
     * The entry for a measurement and, when carbon was computed, its footprint.
     *
     * @param exitCode   the measured command's exit code, if there was a command
     * @param recordedAt now: when the entry is made
     */
    public static LedgerEntry of(Measurement measurement, OptionalInt exitCode, Optional<CarbonFootprint> footprint,
            Attribution attribution, Instant recordedAt) {
        JsonObject document = MeasurementJson.toJsonObject(measurement, exitCode);
        footprint.ifPresent(f -> MeasurementJson.addCarbon(document, f));
        return fromDocument(document, attribution, recordedAt);
    }

    /**
     * The entry for a measurement document as {@code carbon measure --json} writes it (carbon fields included when
     * present); its {@code ended_at} becomes the entry's {@code occurred_at}.
     *
     * @throws IllegalArgumentException when the document lacks {@code ended_at} or holds a NaN or infinite number
     */
    public static LedgerEntry fromDocument(JsonObject document, Attribution attribution, Instant recordedAt) {
        LedgerEntry entry = LedgerEntry.create(EntryKind.MEASUREMENT, endedAt(document), recordedAt, attribution,
                body(document));
        entry.payload(); // refuses NaN and infinities now, not when the entry is signed
        return entry;
    }

    /** The measurement fields of a document that an entry keeps (shared with {@link InferenceEntries}). */
    static JsonObject body(JsonObject document) {
        JsonObject body = new JsonObject();
        for (String field : TOP_LEVEL) {
            JsonElement value = document.get(field);
            if (value != null && !value.isJsonNull()) {
                body.add(field, value.deepCopy());
            }
        }
        body.add("devices", devices(document.get("devices")));
        return body;
    }

    static Instant endedAt(JsonObject document) {
        JsonElement endedAt = document.get("ended_at");
        if (endedAt == null || !endedAt.isJsonPrimitive()) {
            throw new IllegalArgumentException("the measurement document lacks 'ended_at'");
        }
        return Instant.parse(endedAt.getAsString());
    }

    private static JsonArray devices(JsonElement devices) {
        JsonArray result = new JsonArray();
        if (devices == null || !devices.isJsonArray()) {
            return result;
        }
        for (JsonElement device : devices.getAsJsonArray()) {
            JsonObject kept = new JsonObject();
            for (String field : DEVICE_FIELDS) {
                JsonElement value = device.getAsJsonObject().get(field);
                if (value != null && !value.isJsonNull()) {
                    kept.add(field, value.deepCopy());
                }
            }
            result.add(kept);
        }
        return result;
    }
}
