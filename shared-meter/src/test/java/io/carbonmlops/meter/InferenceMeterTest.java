package io.carbonmlops.meter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonObject;
import io.carbonmlops.meter.carbon.Accounting;
import io.carbonmlops.meter.carbon.CarbonFootprint;
import io.carbonmlops.meter.carbon.IntensityKind;
import io.carbonmlops.meter.carbon.IntensityProvenance;
import io.carbonmlops.meter.inference.InferenceFigures;
import io.carbonmlops.meter.inference.InferenceJson;
import io.carbonmlops.meter.inference.InferenceMeasurement;
import io.carbonmlops.meter.inference.InferenceMeter;
import io.carbonmlops.meter.inference.ModelVersion;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** In this package for the fake sources and clock. */
class InferenceMeterTest {
    private final FakeClock clock = new FakeClock();
    private final FakeEnergySource gpu = FakeEnergySource.gpu(0);
    private static final ModelVersion FRAUD_3 = ModelVersion.of("fraud", "3");
    private static final ModelVersion FRAUD_4 = ModelVersion.of("fraud", "4");

    private EnergyMeter meter() {
        return EnergyMeter.unstarted(new SourceDiscovery(List.of(gpu), List.of(), List.of()),
                MeterConfig.defaults().withPue(1.5), clock, PowerSeries.DEFAULT_MAX_POINTS);
    }

    @Test
    void aWindowCountsItsPredictionsAndTheEnergyBetweenItsEdges() {
        try (EnergyMeter energy = meter()) {
            InferenceMeter inference = new InferenceMeter(energy);
            gpu.setCumulativeJoules(1000);
            inference.record(FRAUD_3, 500);          // opens the window: 1000 J
            clock.advanceSeconds(10);
            inference.record(FRAUD_3, 1500);
            gpu.setCumulativeJoules(3000);
            InferenceMeasurement window = inference.end(FRAUD_3);

            assertThat(window.model()).isEqualTo(FRAUD_3);
            assertThat(window.predictionCount()).isEqualTo(2000);
            assertThat(window.measurement().totalEnergyJoules()).isEqualTo(2000.0);
            InferenceFigures figures = window.figures(Optional.empty());
            assertThat(figures.predictionsPerSecond()).as("2000 / 10 s").isEqualTo(200.0);
            assertThat(figures.energyJoulesPer1k().getAsDouble()).as("2000 J / 2").isEqualTo(1000.0);
            assertThat(figures.facilityEnergyJoulesPer1k().getAsDouble()).as("× PUE 1.5").isEqualTo(1500.0);
            assertThat(figures.co2eGramsPer1k()).isEmpty();
            assertThat(inference.openVersions()).isEmpty();
        }
    }

    @Test
    void versionsHaveTheirOwnWindowsAndRollOverLosesNoPrediction() {
        try (EnergyMeter energy = meter()) {
            InferenceMeter inference = new InferenceMeter(energy);
            inference.record(FRAUD_3, 10);
            inference.record(FRAUD_4, 7);
            inference.record(FRAUD_3, 5);
            InferenceMeasurement first = inference.rollOver(FRAUD_3);
            inference.record(FRAUD_3, 2);
            assertThat(first.predictionCount()).isEqualTo(15);
            assertThat(inference.snapshot(FRAUD_3).orElseThrow().predictionCount()).isEqualTo(2);
            assertThat(inference.openVersions()).containsExactlyInAnyOrder(FRAUD_3, FRAUD_4);
            List<InferenceMeasurement> last = inference.endAll();
            assertThat(last).extracting(InferenceMeasurement::predictionCount).containsExactlyInAnyOrder(2L, 7L);
            assertThatThrownBy(() -> inference.end(FRAUD_4)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("fraud v4");
        }
    }

    @Test
    void concurrentRecordsDuringRollOversAreEachCountedOnce() throws Exception {
        try (EnergyMeter energy = meter()) {
            InferenceMeter inference = new InferenceMeter(energy);
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<?>> servers = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                servers.add(pool.submit(() -> {
                    for (int i = 0; i < 50_000; i++) {
                        inference.record(FRAUD_3, 1);
                    }
                }));
            }
            long counted = 0;
            while (!servers.stream().allMatch(Future::isDone)) {
                inference.begin(FRAUD_3);
                counted += inference.rollOver(FRAUD_3).predictionCount();
            }
            pool.shutdown();
            assertThat(pool.awaitTermination(1, TimeUnit.MINUTES)).isTrue();
            for (Future<?> f : servers) {
                f.get();
            }
            counted += inference.end(FRAUD_3).predictionCount();
            assertThat(counted).isEqualTo(200_000);
        }
    }

    @Test
    void figuresPer1kFollowTheFootprintAndAnEmptyWindowHasNone() {
        try (EnergyMeter energy = meter()) {
            InferenceMeter inference = new InferenceMeter(energy);
            inference.begin(FRAUD_3);
            clock.advanceSeconds(4);
            gpu.setCumulativeJoules(7200);           // 7200 J IT, 10800 J facility = 0.003 kWh
            inference.record(FRAUD_3, 4000);
            InferenceMeasurement window = inference.end(FRAUD_3);
            CarbonFootprint footprint = footprint(0.003 * 400 / 1000, OptionalDouble.of(0.003 * 100 / 1000));
            InferenceFigures figures = window.figures(Optional.of(footprint));
            assertThat(figures.co2eGramsPer1k().getAsDouble()).as("1.2 g / 4").isCloseTo(0.3, within(1e-12));
            assertThat(figures.co2eMarketBasedGramsPer1k().getAsDouble()).isCloseTo(0.075, within(1e-12));

            JsonObject document = InferenceJson.toJsonObject(window, Optional.of(footprint));
            JsonObject json = document.getAsJsonObject("inference");
            assertThat(json.get("model_name").getAsString()).isEqualTo("fraud");
            assertThat(json.get("model_version").getAsString()).isEqualTo("3");
            assertThat(json.get("prediction_count").getAsLong()).isEqualTo(4000);
            assertThat(json.get("predictions_per_s").getAsDouble()).isEqualTo(1000.0);
            assertThat(json.get("energy_j_per_1k").getAsDouble()).isEqualTo(1800.0);
            assertThat(json.get("facility_energy_j_per_1k").getAsDouble()).isCloseTo(2700.0, within(1e-9));
            assertThat(json.get("co2e_g_per_1k").getAsDouble()).isCloseTo(0.3, within(1e-12));
            // The document route (carbon measure --predictions) gives the same figures.
            InferenceFigures again = InferenceFigures.fromDocument(document, 4000);
            assertThat(again.co2eGramsPer1k().getAsDouble()).isCloseTo(0.3, within(1e-12));
            assertThat(again.facilityEnergyJoulesPer1k().getAsDouble()).isCloseTo(2700.0, within(1e-6));

            InferenceFigures empty = InferenceFigures.fromDocument(document, 0);
            assertThat(empty.energyJoulesPer1k()).isEmpty();
            assertThat(empty.co2eGramsPer1k()).isEmpty();
            JsonObject emptyJson = InferenceJson.inference(FRAUD_3, empty);
            assertThat(emptyJson.has("co2e_g_per_1k")).as("no figure rather than infinity").isFalse();
        }
    }

    @Test
    void badInputsAreRefusedWithTheirReason() {
        try (EnergyMeter energy = meter()) {
            InferenceMeter inference = new InferenceMeter(energy);
            assertThatThrownBy(() -> inference.record(FRAUD_3, -1)).hasMessageContaining("must be >= 0")
                    .hasMessageContaining("fraud v3");
            assertThatThrownBy(() -> ModelVersion.of(" ", "1")).hasMessageContaining("model name is required");
            assertThatThrownBy(() -> InferenceFigures.fromDocument(new JsonObject(), 5))
                    .hasMessageContaining("duration_s");
        }
    }

    private static CarbonFootprint footprint(double co2eKg, OptionalDouble marketKg) {
        IntensityProvenance provenance = new IntensityProvenance(400, "DE", "test", IntensityKind.YEARLY_AVERAGE,
                Instant.parse("2025-01-01T00:00:00Z"), null);
        return new CarbonFootprint(co2eKg, provenance, Accounting.SINGLE_FACTOR, 1, 0.003, marketKg,
                marketKg.isPresent() ? OptionalDouble.of(100) : OptionalDouble.empty(), Optional.empty(), List.of());
    }
}
