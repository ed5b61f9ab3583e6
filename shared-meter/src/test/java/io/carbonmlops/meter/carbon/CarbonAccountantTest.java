package io.carbonmlops.meter.carbon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.carbonmlops.meter.DeviceId;
import io.carbonmlops.meter.DeviceKind;
import io.carbonmlops.meter.DeviceMeasurement;
import io.carbonmlops.meter.Measurement;
import io.carbonmlops.meter.MeasurementMethod;
import io.carbonmlops.meter.PowerSample;
import io.carbonmlops.meter.carbon.table.GridIntensityTable;
import io.carbonmlops.meter.carbon.table.TableProvider;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class CarbonAccountantTest {
    private static final Instant START = Instant.parse("2026-11-29T10:30:00Z");
    private static final double EPSILON = 1e-12;

    private final FakeClock clock = new FakeClock(Instant.parse("2026-11-30T03:46:00Z"));
    private final GridIntensityTable table = GridIntensityTable.shipped();

    /** One hour, 10:30 to 11:30: 100 W for the first half hour, 300 W for the second; 0.2 kWh IT energy. */
    private static Measurement gpuHour(double pue) {
        List<PowerSample> series = List.of(new PowerSample(900, 100), new PowerSample(1800, 100),
                new PowerSample(2700, 300), new PowerSample(3600, 300));
        DeviceMeasurement gpu = new DeviceMeasurement(new DeviceId(DeviceKind.GPU, 0, "GPU-1", "H200"), 720_000,
                MeasurementMethod.NVML_ENERGY_COUNTER, 200, 300, series, false);
        return new Measurement(START, START.plus(Duration.ofHours(1)), Duration.ofHours(1), List.of(gpu), pue,
                List.of());
    }

    private static IntensityReading hourly(double grams, String from) {
        Instant start = Instant.parse(from);
        return new IntensityReading(grams, "DE", "live", "stub past-range", IntensityKind.MEASURED, start,
                start.plus(Duration.ofHours(1)));
    }

    private CarbonAccountant accountant(CarbonIntensityProvider... providers) {
        return new CarbonAccountant(new ProviderChain(List.of(providers), table, clock, Duration.ofMinutes(5)));
    }

    @Test
    void perIntervalIntensityGivesTimeResolvedCo2e() {
        StubProvider live = StubProvider.answering("live",
                List.of(hourly(310, "2026-11-29T10:00:00Z"), hourly(290, "2026-11-29T11:00:00Z")));
        CarbonFootprint footprint = accountant(live).account(gpuHour(1.5), "DE", CarbonOptions.locationBased());

        // 0.05 kWh at 310 g/kWh in the 10:00 hour, 0.15 kWh at 290 g/kWh in the 11:00 hour, times PUE 1.5
        assertThat(footprint.co2eKg()).isCloseTo(1.5 * (0.05 * 310 + 0.15 * 290) / 1000, within(EPSILON))
                .isCloseTo(0.0885, within(EPSILON));
        assertThat(footprint.accounting()).isEqualTo(Accounting.TIME_RESOLVED);
        assertThat(footprint.intervals()).isEqualTo(2);
        assertThat(footprint.facilityEnergyKwh()).isCloseTo(0.3, within(EPSILON));
        assertThat(footprint.intensity().gramsPerKwh()).as("energy-weighted mean").isCloseTo(295, within(1e-9));
        assertThat(footprint.intensity().kind()).isEqualTo(IntensityKind.MEASURED);
        assertThat(footprint.intensity().asOf()).isEqualTo(Instant.parse("2026-11-29T10:00:00Z"));
        assertThat(footprint.intensity().fallbackReason()).isNull();
        assertThat(footprint.warnings()).isEmpty();
    }

    @Test
    void aYearlyAverageGivesSingleFactorCo2e() {
        CarbonFootprint footprint = accountant(TableProvider.yearlyAverages(table))
                .account(gpuHour(1.5), "DE", CarbonOptions.locationBased());
        assertThat(footprint.co2eKg()).isCloseTo(0.3 * 342 / 1000, within(EPSILON));
        assertThat(footprint.accounting()).isEqualTo(Accounting.SINGLE_FACTOR);
        assertThat(footprint.intensity().kind()).isEqualTo(IntensityKind.YEARLY_AVERAGE);
        assertThat(footprint.intensity().source()).contains("Electricity Maps 2025", "ODbL-1.0");
        assertThat(footprint.intensity().asOf()).isEqualTo(Instant.parse("2025-01-01T00:00:00Z"));
    }

    @Test
    void aFailedLiveProviderFallsBackToTheTableAndRecordsWhy() {
        CarbonFootprint footprint = accountant(StubProvider.failing("live", FallbackReason.RATE_LIMITED),
                TableProvider.yearlyAverages(table)).account(gpuHour(1.0), "aws:eu-central-1", CarbonOptions.locationBased());
        assertThat(footprint.accounting()).isEqualTo(Accounting.SINGLE_FACTOR);
        assertThat(footprint.intensity().zone()).isEqualTo("DE");
        assertThat(footprint.intensity().source()).contains("from cloud region aws:eu-central-1");
        assertThat(footprint.intensity().fallbackReason()).startsWith("live: http-429-rate-limited");
        assertThat(footprint.warnings()).anyMatch(w -> w.contains("http-429-rate-limited"));
    }

    @Test
    void aStepAcrossAnIntervalBoundaryIsSplitByTime() {
        // 10:50 to 11:10 at a constant 360 W: 0.001 kWh each side of 11:00
        Instant start = Instant.parse("2026-11-29T10:50:00Z");
        DeviceMeasurement cpu = new DeviceMeasurement(new DeviceId(DeviceKind.CPU, 0, null, "package-0"), 432_000,
                MeasurementMethod.RAPL, 360, 360, List.of(new PowerSample(1200, 360)), false);
        Measurement measurement = new Measurement(start, start.plus(Duration.ofMinutes(20)), Duration.ofMinutes(20),
                List.of(cpu), 1.0, List.of());
        StubProvider live = StubProvider.answering("live",
                List.of(hourly(100, "2026-11-29T10:00:00Z"), hourly(500, "2026-11-29T11:00:00Z")));
        CarbonFootprint footprint = accountant(live).account(measurement, "DE", CarbonOptions.locationBased());
        assertThat(footprint.co2eKg()).isCloseTo((0.06 * 100 + 0.06 * 500) / 1000, within(EPSILON));
    }

    @Test
    void marketBasedIsReportedBesideLocationBased() {
        CarbonFootprint footprint = accountant(TableProvider.yearlyAverages(table))
                .account(gpuHour(1.5), "DE", CarbonOptions.locationBased().withMarketFactor(50));
        assertThat(footprint.co2eKg()).isCloseTo(0.1026, within(EPSILON));
        assertThat(footprint.marketBasedCo2eKg().getAsDouble()).isCloseTo(0.3 * 50 / 1000, within(EPSILON));
        assertThat(footprint.marketFactorGramsPerKwh()).hasValue(50);
    }

    @Test
    void pricesGiveCostsInTheirCurrency() {
        StubProvider live = StubProvider.answering("live",
                List.of(hourly(310, "2026-11-29T10:00:00Z"), hourly(290, "2026-11-29T11:00:00Z")));
        CarbonFootprint footprint = accountant(live).account(gpuHour(1.5), "DE", CarbonOptions.locationBased()
                .withPrices(OptionalDouble.of(0.25), OptionalDouble.of(100), "EUR"));
        CarbonCost cost = footprint.cost().orElseThrow();
        assertThat(cost.currency()).isEqualTo("EUR");
        assertThat(cost.electricityCost().getAsDouble()).isCloseTo(0.075, within(EPSILON));
        assertThat(cost.carbonCost().getAsDouble()).isCloseTo(0.0885 / 1000 * 100, within(EPSILON));
        assertThatThrownBy(() -> CarbonOptions.locationBased().withPrices(OptionalDouble.of(1), OptionalDouble.empty(), ""))
                .hasMessageContaining("currency");
    }

    @Test
    void withoutAZoneTheWorldAverageIsUsedAndMarked() {
        CarbonFootprint footprint = accountant(TableProvider.yearlyAverages(table))
                .account(gpuHour(1.0), null, CarbonOptions.locationBased());
        assertThat(footprint.intensity().kind()).isEqualTo(IntensityKind.WORLD_AVERAGE);
        assertThat(footprint.intensity().gramsPerKwh()).isEqualTo(472.94);
        assertThat(footprint.co2eKg()).isCloseTo(0.2 * 472.94 / 1000, within(EPSILON));
        assertThat(footprint.warnings()).anyMatch(w -> w.contains("no zone given"));
    }

    @Test
    void anUnknownZoneFailsWithCloseMatches() {
        assertThatThrownBy(() -> accountant(TableProvider.yearlyAverages(table))
                .account(gpuHour(1.0), "SE-SE5", CarbonOptions.locationBased()))
                .isInstanceOf(UnknownZoneException.class).hasMessageContaining("SE-SE3");
    }

    @Test
    void aProviderThatDoesNotCoverTheWholeWindowIsReported() {
        StubProvider live = StubProvider.answering("live", List.of(hourly(310, "2026-11-29T10:00:00Z")));
        CarbonFootprint footprint = accountant(live).account(gpuHour(1.0), "DE", CarbonOptions.locationBased());
        assertThat(footprint.co2eKg()).isCloseTo(0.2 * 310 / 1000, within(EPSILON));
        assertThat(footprint.warnings()).anyMatch(w -> w.contains("do not cover all of the window"));
    }
}
