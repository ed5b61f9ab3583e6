package io.carbonmlops.ledger.testing;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.carbonmlops.ledger.Attribution;
import io.carbonmlops.ledger.LedgerEntry;
import io.carbonmlops.ledger.MeasurementEntries;
import io.carbonmlops.ledger.keys.SigningKey;
import java.time.Duration;
import java.time.Instant;

/** Measurement entries with fixed figures, and signing keys, for ledger tests. */
public final class LedgerFixtures {
    /** Two signers: A is the trusted one in most tests, B an outsider. Made once per JVM. */
    public static final SigningKey KEY_A = SigningKey.generate();
    public static final SigningKey KEY_B = SigningKey.generate();
    public static final Instant T0 = Instant.parse("2026-11-30T03:00:00Z");

    private LedgerFixtures() {}

    /** Attribution to an MLflow run in experiment 7, team and project, on host ci-1. */
    public static Attribution run(String runId, String team) {
        return Attribution.none().withMlflowRun("7", runId).withTeam(team).withProject("vision").withHost("ci-1");
    }

    /**
     * A measurement of one GPU: {@code co2eKg} location-based CO2e, half of it market-based, energy 0.5 kWh IT and
     * 0.6 kWh facility (PUE 1.2), ending {@code minutes} after {@link #T0}.
     */
    public static LedgerEntry measurement(Attribution attribution, double co2eKg, int minutes) {
        Instant end = T0.plus(Duration.ofMinutes(minutes));
        return MeasurementEntries.fromDocument(document(end, co2eKg), attribution, end.plusSeconds(1));
    }

    /** The measurement JSON document ({@code carbon measure --json}) behind {@link #measurement}. */
    public static JsonObject document(Instant end, double co2eKg) {
        JsonObject doc = new JsonObject();
        doc.addProperty("format_version", 1);
        doc.addProperty("meter_version", "0.1.0-test");
        doc.addProperty("started_at", LedgerEntry.formatInstant(end.minusSeconds(3600)));
        doc.addProperty("ended_at", LedgerEntry.formatInstant(end));
        doc.addProperty("duration_s", 3600.0);
        doc.addProperty("exit_code", 0);
        JsonObject kwh = new JsonObject();
        kwh.addProperty("gpu", 0.5);
        kwh.addProperty("cpu", 0.0);
        kwh.addProperty("ram", 0.0);
        kwh.addProperty("total", 0.5);
        kwh.addProperty("facility", 0.6);
        doc.add("energy_kwh", kwh);
        doc.addProperty("pue", 1.2);
        JsonArray devices = new JsonArray();
        JsonObject gpu = new JsonObject();
        gpu.addProperty("kind", "gpu");
        gpu.addProperty("index", 0);
        gpu.addProperty("uuid", "GPU-fa4e0000-0000-0000-0000-000000000000");
        gpu.addProperty("name", "NVIDIA H200");
        gpu.addProperty("energy_j", 1_800_000.0);
        gpu.addProperty("method", "nvml-energy-counter");
        gpu.addProperty("estimate", false);
        gpu.addProperty("mean_power_w", 500.0);
        gpu.addProperty("peak_power_w", 700.0);
        gpu.addProperty("partial", false);
        gpu.add("power_series", new JsonArray());
        devices.add(gpu);
        doc.add("devices", devices);
        doc.add("warnings", new JsonArray());
        doc.addProperty("co2e_kg", co2eKg);
        doc.addProperty("co2e_market_based_kg", co2eKg / 2);
        JsonObject intensity = new JsonObject();
        intensity.addProperty("g_per_kwh", co2eKg * 1000 / 0.6);
        intensity.addProperty("zone", "DE");
        intensity.addProperty("source", "table: Electricity Maps 2025 yearly, DE");
        intensity.addProperty("kind", "yearly-average");
        intensity.addProperty("as_of", "2025-01-01T00:00:00.000Z");
        intensity.add("fallback_reason", null);
        doc.add("intensity", intensity);
        doc.addProperty("accounting", "single-factor");
        doc.addProperty("intensity_intervals", 1);
        doc.addProperty("facility_energy_kwh", 0.6);
        return doc;
    }
}
