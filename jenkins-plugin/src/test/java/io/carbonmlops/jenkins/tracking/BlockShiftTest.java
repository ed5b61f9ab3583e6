package io.carbonmlops.jenkins.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonObject;
import io.carbonmlops.meter.DeviceId;
import io.carbonmlops.meter.DeviceKind;
import io.carbonmlops.meter.DeviceMeasurement;
import io.carbonmlops.meter.Measurement;
import io.carbonmlops.meter.MeasurementMethod;
import io.carbonmlops.meter.carbon.CarbonAccountant;
import io.carbonmlops.meter.carbon.CarbonFootprint;
import io.carbonmlops.meter.carbon.CarbonIntensityProvider;
import io.carbonmlops.meter.carbon.IntensityKind;
import io.carbonmlops.meter.carbon.IntensityReading;
import io.carbonmlops.meter.carbon.ProviderChain;
import io.carbonmlops.meter.MeterClock;
import io.carbonmlops.meter.carbon.schedule.CarbonForecast;
import io.carbonmlops.meter.carbon.schedule.ForecastMethod;
import io.carbonmlops.meter.carbon.schedule.ShiftDecision;
import io.carbonmlops.meter.carbon.schedule.ShiftRequest;
import io.carbonmlops.meter.carbon.schedule.ShiftSection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** A block's shift after waitForLowCarbon: the same counterfactual and saving as carbon wait's, per block. */
class BlockShiftTest {
    private static final Instant DECIDED = Instant.parse("2026-11-30T03:00:00Z");
    private static final Instant START = Instant.parse("2026-11-30T04:00:00Z");

    /** Hourly history in any zone: 400 g/kWh until 04:00, then 100. */
    private static final CarbonIntensityProvider HISTORY = new CarbonIntensityProvider() {
        @Override
        public String name() {
            return "history";
        }

        @Override
        public IntensityReading latest(String zone) {
            throw new AssertionError("a shift is accounted from the hours' history, never from the latest reading");
        }

        @Override
        public List<IntensityReading> range(String zone, Instant start, Instant end) {
            return hours(zone);
        }

        @Override
        public List<IntensityReading> forecast(String zone, Duration horizon) {
            throw new AssertionError("a realised shift is accounted from history, never from a forecast");
        }
    };

    private static List<IntensityReading> hours(String zone) {
        List<IntensityReading> hours = new ArrayList<>();
        for (Instant from = DECIDED; from.isBefore(DECIDED.plus(Duration.ofHours(6))); from = from.plus(Duration.ofHours(1))) {
            hours.add(new IntensityReading(from.isBefore(START) ? 400 : 100, zone, "history", "stub past-range",
                    IntensityKind.MEASURED, from, from.plus(Duration.ofHours(1))));
        }
        return hours;
    }

    private final ProviderChain chain = new ProviderChain(List.of(HISTORY), MeterClock.SYSTEM);
    private final FootprintCalculator footprints = FootprintCalculator.of(new CarbonAccountant(chain));
    private final List<String> problems = new ArrayList<>();

    /** What waitForLowCarbon leaves on the build: planned at 03:00 for DE, start at 04:00. */
    private static Optional<JsonObject> planned() {
        ShiftRequest request = new ShiftRequest("DE", Duration.ofHours(1), DECIDED.plus(Duration.ofHours(6)),
                OptionalDouble.empty());
        CarbonForecast forecast = new CarbonForecast("DE", "electricitymaps", "forecast", ForecastMethod.PROVIDER_FORECAST,
                DECIDED, hours("DE"), List.of());
        ShiftDecision decision = new ShiftDecision(request, DECIDED, START, OptionalDouble.of(100),
                OptionalDouble.of(400), 5, forecast, "greenest window");
        return Optional.of(ShiftSection.planned(decision, decision, 0, Optional.empty()));
    }

    /** 1 kWh drawn evenly over the hour from {@code start}. */
    private static Measurement oneKwhFrom(Instant start) {
        DeviceMeasurement gpu = new DeviceMeasurement(new DeviceId(DeviceKind.GPU, 0, "GPU-1", "Fake"), 3.6e6,
                MeasurementMethod.NVML_ENERGY_COUNTER, 1000, 1000, List.of(), false);
        return new Measurement(start, start.plus(Duration.ofHours(1)), Duration.ofHours(1), List.of(gpu), 1.0,
                List.of());
    }

    private Optional<JsonObject> account(Measurement block, String zone) {
        CarbonFootprint footprint = footprints.footprint(block, zone);
        return BlockShift.account(planned(), block, footprint, zone, footprints, problems);
    }

    @Test
    void theBlockIsJudgedAgainstTheSameEnergyStartedWhenThePlanWasMade() {
        JsonObject shift = account(oneKwhFrom(START), "DE").orElseThrow();
        JsonObject outcome = shift.getAsJsonObject("outcome");

        // 1 kWh at 100 g/kWh realised; the same kWh from 03:00 at 400 g/kWh: saved 0.3 kg, 75 %.
        assertThat(outcome.get("realised_co2e_kg").getAsDouble()).isCloseTo(0.1, within(1e-12));
        assertThat(outcome.get("run_now_co2e_kg").getAsDouble()).isCloseTo(0.4, within(1e-12));
        assertThat(outcome.get("saved_kg").getAsDouble()).isCloseTo(0.3, within(1e-12));
        assertThat(outcome.get("saved_percent").getAsDouble()).isCloseTo(75.0, within(1e-9));
        assertThat(outcome.getAsJsonArray("notes")).isEmpty();
        assertThat(shift.get("started_at").getAsString()).isEqualTo("2026-11-30T04:00:00.000Z");
        assertThat(shift.get("decided_at").getAsString()).isEqualTo("2026-11-30T03:00:00.000Z");
        assertThat(problems).isEmpty();
        assertThat(BlockShift.describe(shift)).isEqualTo("shift: saved 0.300 kg CO2e (75.0 %) against starting at"
                + " 2026-11-30T03:00:00.000Z, when waitForLowCarbon planned (run now 0.400 kg, realised 0.100 kg)");
    }

    @Test
    void aLaterBlockIsStillJudgedAgainstTheDecisionTimeNotItsOwnStartMinusTheWait() {
        JsonObject shift = account(oneKwhFrom(START.plus(Duration.ofHours(1))), "DE").orElseThrow();

        assertThat(shift.get("started_at").getAsString()).isEqualTo("2026-11-30T05:00:00.000Z");
        assertThat(shift.getAsJsonObject("outcome").get("run_now_co2e_kg").getAsDouble()).isCloseTo(0.4, within(1e-12));
        assertThat(shift.getAsJsonObject("outcome").get("saved_kg").getAsDouble()).isCloseTo(0.3, within(1e-12));
    }

    @Test
    void aBlockInAnotherZoneThanThePlansSaysWhoseSavingItIs() {
        JsonObject shift = account(oneKwhFrom(START), "FR").orElseThrow();

        assertThat(shift.getAsJsonObject("outcome").getAsJsonArray("notes").get(0).getAsString())
                .isEqualTo("the wait planned for zone DE but the block is accounted in FR: the saving is that zone's,"
                        + " not the plan's");
    }

    @Test
    void withoutAWaitOrAFootprintThereIsNoShift() {
        Measurement block = oneKwhFrom(START);
        assertThat(BlockShift.account(Optional.empty(), block, footprints.footprint(block, "DE"), "DE", footprints,
                problems)).isEmpty();
        assertThat(BlockShift.account(planned(), block, null, "DE", footprints, problems)).isEmpty();
        assertThat(problems).isEmpty();
    }

    @Test
    void aCounterfactualThatCannotBeAccountedIsAProblemNotAFailure() {
        Measurement block = oneKwhFrom(START);
        FootprintCalculator down = (measurement, zone) -> {
            throw new IllegalStateException("provider down");
        };

        assertThat(BlockShift.account(planned(), block, footprints.footprint(block, "DE"), "DE", down, problems))
                .isEmpty();
        assertThat(problems).singleElement().asString().contains("provider down")
                .contains("recorded without its shift");
    }
}
