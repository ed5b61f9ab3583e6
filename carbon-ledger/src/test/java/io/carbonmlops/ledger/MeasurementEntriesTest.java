package io.carbonmlops.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import io.carbonmlops.ledger.testing.LedgerFixtures;
import io.carbonmlops.meter.DeviceId;
import io.carbonmlops.meter.DeviceKind;
import io.carbonmlops.meter.DeviceMeasurement;
import io.carbonmlops.meter.Measurement;
import io.carbonmlops.meter.MeasurementMethod;
import io.carbonmlops.meter.PowerSample;
import io.carbonmlops.meter.carbon.Accounting;
import io.carbonmlops.meter.carbon.CarbonCost;
import io.carbonmlops.meter.carbon.CarbonFootprint;
import io.carbonmlops.meter.carbon.IntensityKind;
import io.carbonmlops.meter.carbon.IntensityProvenance;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class MeasurementEntriesTest {
    private static final Instant START = Instant.parse("2026-11-30T03:00:00Z");

    private static Measurement gpuHour() {
        DeviceMeasurement gpu = new DeviceMeasurement(new DeviceId(DeviceKind.GPU, 0, "GPU-1", "NVIDIA H200"), 1_800_000,
                MeasurementMethod.NVML_ENERGY_COUNTER, 500, 700, List.of(new PowerSample(0, 500), new PowerSample(1, 500)),
                false);
        return new Measurement(START, START.plusSeconds(3600), Duration.ofHours(1), List.of(gpu), 1.2, List.of());
    }

    private static CarbonFootprint footprint() {
        IntensityProvenance intensity = new IntensityProvenance(400, "DE", "table: Electricity Maps 2025 yearly, DE",
                IntensityKind.YEARLY_AVERAGE, Instant.parse("2025-01-01T00:00:00Z"), null);
        return new CarbonFootprint(0.24, intensity, Accounting.SINGLE_FACTOR, 1, 0.6, OptionalDouble.of(0.03),
                OptionalDouble.of(50), Optional.of(new CarbonCost("EUR", OptionalDouble.of(0.12), OptionalDouble.of(0.02))),
                List.of());
    }

    @Test
    void theBodyKeepsTheAuditFiguresAndDropsThePowerCurves() {
        Attribution attribution = Attribution.none().withMlflowRun("7", "run-1").withTeam("vision")
                .withJenkins("train/main", "42", "gpu-agent-3").withHost("gpu-3");
        LedgerEntry entry = MeasurementEntries.of(gpuHour(), OptionalInt.of(0), Optional.of(footprint()), attribution,
                START.plusSeconds(3601));

        JsonObject body = entry.body();
        assertThat(entry.kind()).isEqualTo(EntryKind.MEASUREMENT);
        assertThat(entry.occurredAt()).isEqualTo(START.plusSeconds(3600));
        assertThat(body.get("co2e_kg").getAsDouble()).isEqualTo(0.24);
        assertThat(body.get("co2e_market_based_kg").getAsDouble()).isEqualTo(0.03);
        assertThat(body.getAsJsonObject("energy_kwh").get("facility").getAsDouble()).isEqualTo(0.6);
        assertThat(body.getAsJsonObject("intensity").get("source").getAsString())
                .isEqualTo("table: Electricity Maps 2025 yearly, DE");
        assertThat(body.getAsJsonObject("cost").get("electricity").getAsDouble()).isEqualTo(0.12);
        assertThat(body.get("exit_code").getAsInt()).isZero();
        JsonObject device = body.getAsJsonArray("devices").get(0).getAsJsonObject();
        assertThat(device.get("energy_j").getAsDouble()).isEqualTo(1_800_000.0);
        assertThat(device.get("method").getAsString()).isEqualTo("nvml-energy-counter");
        assertThat(device.has("power_series")).isFalse();
        assertThat(entry.payload()).contains("\"attribution\":{\"host\":\"gpu-3\",\"jenkins_agent\":\"gpu-agent-3\","
                + "\"jenkins_build\":\"42\",\"jenkins_job\":\"train/main\",\"mlflow_experiment_id\":\"7\","
                + "\"mlflow_run_id\":\"run-1\",\"team\":\"vision\"}");
    }

    @Test
    void thePayloadParsesBackToTheSameEntry() {
        LedgerEntry entry = LedgerFixtures.measurement(LedgerFixtures.run("r1", "vision"), 0.1 + 0.2, 5);

        LedgerEntry parsed = LedgerEntry.parse(entry.payload());

        assertThat(parsed).isEqualTo(entry);
        assertThat(parsed.payload()).isEqualTo(entry.payload());
        assertThat(entry.payload()).contains("\"co2e_kg\":0.30000000000000004");
        assertThat(IndexedFields.of(entry).co2eKg()).isEqualTo(0.1 + 0.2);
    }

    @Test
    void withoutCarbonFiguresNoneAreWritten() {
        LedgerEntry entry = MeasurementEntries.of(gpuHour(), OptionalInt.empty(), Optional.empty(), Attribution.none(),
                START.plusSeconds(3601));

        assertThat(entry.body().has("co2e_kg")).isFalse();
        assertThat(entry.body().has("exit_code")).isFalse();
        assertThat(IndexedFields.of(entry).co2eKg()).isNull();
        assertThat(IndexedFields.of(entry).facilityEnergyKwh()).isEqualTo(1_800_000 * 1.2 / 3.6e6);
    }

    @Test
    void aCarbonAwareShiftDecisionIsKeptInTheBody() {
        JsonObject document = LedgerFixtures.document(START, 1.0);
        JsonObject shift = new JsonObject();
        shift.addProperty("chosen_start", "2026-11-30T05:00:00Z");
        shift.addProperty("saved_kg", 0.125);
        document.add("shift", shift);
        document.addProperty("progress_bar", "not an audit figure");

        JsonObject body = MeasurementEntries.fromDocument(document, Attribution.none(), START).body();

        assertThat(body.getAsJsonObject("shift").get("saved_kg").getAsDouble()).isEqualTo(0.125);
        assertThat(body.getAsJsonObject("shift").get("chosen_start").getAsString()).isEqualTo("2026-11-30T05:00:00Z");
        assertThat(body.has("progress_bar")).isFalse();
    }

    @Test
    void aNonFiniteFigureIsRefusedWhenTheEntryIsMade() {
        JsonObject document = LedgerFixtures.document(START, 1.0);
        document.addProperty("co2e_kg", Double.NaN);

        assertThatThrownBy(() -> MeasurementEntries.fromDocument(document, Attribution.none(), START))
                .hasMessageContaining("NaN cannot be written as JSON");
    }

    @Test
    void unknownOrOverlongAttributionFieldsAreRefused() {
        assertThatThrownBy(() -> Attribution.none().with("owner", "x")).hasMessageContaining("unknown attribution field");
        assertThatThrownBy(() -> Attribution.none().withTeam("x".repeat(501))).hasMessageContaining("at most 500");
        assertThat(Attribution.none().withTeam(" ").asMap()).isEmpty();
    }

    @Test
    void aPayloadOfAnotherSchemaVersionIsRefused() {
        String payload = LedgerFixtures.measurement(Attribution.none(), 1, 0).payload()
                .replace("\"schema_version\":1", "\"schema_version\":2");

        assertThatThrownBy(() -> LedgerEntry.parse(payload)).hasMessageContaining("schema_version 2 is not supported");
    }

    @Test
    void anEntryIdInAnotherSpellingIsRefused() {
        LedgerEntry entry = LedgerFixtures.measurement(Attribution.none(), 1, 0);
        String id = entry.entryId().toString();
        String payload = entry.payload().replace(id, id.toUpperCase(java.util.Locale.ROOT));

        assertThatThrownBy(() -> LedgerEntry.parse(payload)).hasMessageContaining("must be a lower-case UUID");
    }
}
