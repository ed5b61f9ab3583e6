package io.carbonmlops.meter.carbon.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.carbonmlops.meter.DeviceId;
import io.carbonmlops.meter.DeviceKind;
import io.carbonmlops.meter.DeviceMeasurement;
import io.carbonmlops.meter.Measurement;
import io.carbonmlops.meter.MeasurementMethod;
import io.carbonmlops.meter.carbon.CarbonAccountant;
import io.carbonmlops.meter.carbon.CarbonIntensityProvider;
import io.carbonmlops.meter.carbon.CarbonOptions;
import io.carbonmlops.meter.carbon.FakeClock;
import io.carbonmlops.meter.carbon.IntensityKind;
import io.carbonmlops.meter.carbon.IntensityReading;
import io.carbonmlops.meter.carbon.ProviderChain;
import io.carbonmlops.meter.carbon.table.GridIntensityTable;
import io.carbonmlops.meter.carbon.table.TableProvider;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class ShiftOutcomeTest {
    private static final Instant DECIDED = Instant.parse("2026-11-30T00:00:00Z");
    private static final Instant STARTED = Instant.parse("2026-11-30T03:00:00Z");

    /** Hourly history 00:00 to 06:00 in DE: 400 g/kWh until 03:00, then 100. */
    private static class History implements CarbonIntensityProvider {
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
            List<IntensityReading> hours = new ArrayList<>();
            for (int h = 0; h < 6; h++) {
                Instant from = DECIDED.plus(Duration.ofHours(h));
                hours.add(new IntensityReading(h < 3 ? 400 : 100, "DE", "history", "stub past-range",
                        IntensityKind.MEASURED, from, from.plus(Duration.ofHours(1))));
            }
            return hours;
        }

        @Override
        public List<IntensityReading> forecast(String zone, Duration horizon) {
            throw new AssertionError("a realised shift is accounted from history, never from a forecast");
        }
    }

    /** 1 kWh drawn evenly over two hours from 03:00. */
    private static Measurement twoHours() {
        DeviceMeasurement gpu = new DeviceMeasurement(new DeviceId(DeviceKind.GPU, 0, "GPU-1", "H200"), 3.6e6,
                MeasurementMethod.NVML_ENERGY_COUNTER, 500, 500, List.of(), false);
        return new Measurement(STARTED, STARTED.plus(Duration.ofHours(2)), Duration.ofHours(2), List.of(gpu), 1.0,
                List.of());
    }

    private static ShiftDecision decision(CarbonForecast forecast) {
        ShiftRequest request = new ShiftRequest("DE", Duration.ofHours(2), DECIDED.plus(Duration.ofHours(6)),
                OptionalDouble.empty());
        return new ShiftDecision(request, DECIDED, STARTED, OptionalDouble.of(100), OptionalDouble.of(400), 5, forecast,
                "test");
    }

    private static CarbonForecast anyForecast() {
        return new CarbonForecast("DE", "history", "stub", ForecastMethod.PROVIDER_FORECAST, DECIDED,
                new History().range("DE", DECIDED, DECIDED), List.of());
    }

    @Test
    void theRunNowCounterfactualIsTheSameEnergyAtTheDecisionTime() {
        FakeClock clock = new FakeClock(Instant.parse("2026-11-30T06:00:00Z"));
        ShiftOutcome outcome;
        try (ProviderChain chain = new ProviderChain(List.of(new History()), clock)) {
            outcome = ShiftOutcome.account(decision(anyForecast()), twoHours(), "DE", CarbonOptions.locationBased(),
                    new CarbonAccountant(chain));
        }
        // 1 kWh at 100 g/kWh realised; the same kWh from 00:00 to 02:00 at 400 g/kWh would have emitted 0.4 kg.
        assertThat(outcome.realisedCo2eKg()).isCloseTo(0.1, within(1e-12));
        assertThat(outcome.runNowCo2eKg()).isCloseTo(0.4, within(1e-12));
        assertThat(outcome.savedKg()).isCloseTo(0.3, within(1e-12));
        assertThat(outcome.savedPercent().getAsDouble()).isCloseTo(75.0, within(1e-9));
        assertThat(outcome.notes()).isEmpty();
    }

    @Test
    void aYearlyAverageShowsNoSavingAndSaysWhy() {
        FakeClock clock = new FakeClock(Instant.parse("2026-11-30T06:00:00Z"));
        ShiftOutcome outcome;
        try (ProviderChain chain = new ProviderChain(List.of(TableProvider.yearlyAverages(GridIntensityTable.shipped())),
                clock)) {
            outcome = ShiftOutcome.account(decision(anyForecast()), twoHours(), "DE", CarbonOptions.locationBased(),
                    new CarbonAccountant(chain));
        }
        assertThat(outcome.savedKg()).isEqualTo(0.0);
        assertThat(outcome.notes()).singleElement().asString().contains("yearly-average", "cannot show a saving");
    }

    @Test
    void noSavingIsClaimedWhenOneSideFellBackToAYearlyAverage() {
        // The provider has history for the run-now window but not yet for the work's own, most recent, hours: the
        // work falls back to the yearly table (342 g/kWh in DE) while the counterfactual gets measured 400 g/kWh.
        CarbonIntensityProvider lagging = new History() {
            @Override
            public List<IntensityReading> range(String zone, Instant start, Instant end) {
                if (end.isAfter(STARTED)) {
                    throw new UnsupportedOperationException("no data yet for the last hours");
                }
                return super.range(zone, start, end);
            }
        };
        FakeClock clock = new FakeClock(Instant.parse("2026-11-30T06:00:00Z"));
        ShiftOutcome outcome;
        try (ProviderChain chain = new ProviderChain(List.of(lagging,
                TableProvider.yearlyAverages(GridIntensityTable.shipped())), clock)) {
            outcome = ShiftOutcome.account(decision(anyForecast()), twoHours(), "DE", CarbonOptions.locationBased(),
                    new CarbonAccountant(chain));
        }
        assertThat(outcome.realised().kind()).isEqualTo(IntensityKind.YEARLY_AVERAGE);
        assertThat(outcome.runNow().kind()).isEqualTo(IntensityKind.MEASURED);
        assertThat(outcome.realisedCo2eKg()).isCloseTo(0.342, within(1e-9));
        assertThat(outcome.runNowCo2eKg()).isCloseTo(0.4, within(1e-12));
        assertThat(outcome.savedKg()).as("0.058 kg would be an artefact of mixing two kinds of figures").isZero();
        assertThat(outcome.savedPercent()).isEmpty();
        assertThat(outcome.notes()).singleElement().asString().contains("yearly-average").contains("measured")
                .contains("no saving is claimed");
    }

    @Test
    void theSectionKeepsThePlanAndCompletesItPerPieceOfWorkWithoutChangingThePlannedHalf() {
        FakeClock clock = new FakeClock(Instant.parse("2026-11-30T06:00:00Z"));
        ShiftDecision decision = decision(anyForecast());
        com.google.gson.JsonObject planned = ShiftSection.planned(decision, decision, 2, java.util.Optional.empty());
        ShiftOutcome outcome;
        try (ProviderChain chain = new ProviderChain(List.of(new History()), clock)) {
            outcome = ShiftOutcome.of(new CarbonAccountant(chain).account(twoHours(), "DE", CarbonOptions.locationBased()),
                    new CarbonAccountant(chain).account(ShiftOutcome.startingAt(twoHours(), ShiftSection.decidedAt(planned)),
                            "DE", CarbonOptions.locationBased()));
        }
        com.google.gson.JsonObject shift = ShiftSection.complete(planned, STARTED, outcome);

        assertThat(ShiftSection.decidedAt(planned)).isEqualTo(DECIDED);
        assertThat(planned.has("outcome")).as("the planned half is copied, not changed").isFalse();
        assertThat(shift.get("replans").getAsInt()).isEqualTo(2);
        assertThat(shift.get("started_at").getAsString()).isEqualTo("2026-11-30T03:00:00.000Z");
        assertThat(shift.getAsJsonObject("executed").getAsJsonObject("forecast").has("points")).isTrue();
        assertThat(shift.getAsJsonObject("forecast").has("points")).isFalse();
        assertThat(shift.getAsJsonObject("outcome").get("saved_kg").getAsDouble()).isCloseTo(0.3, within(1e-12));
        assertThat(shift.getAsJsonObject("outcome").get("saved_percent").getAsDouble()).isCloseTo(75.0, within(1e-9));
    }
}
