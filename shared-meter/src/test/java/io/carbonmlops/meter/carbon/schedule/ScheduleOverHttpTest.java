package io.carbonmlops.meter.carbon.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.carbonmlops.meter.carbon.CarbonIntensityProvider;
import io.carbonmlops.meter.carbon.FakeClock;
import io.carbonmlops.meter.carbon.IntensityKind;
import io.carbonmlops.meter.carbon.IntensityReading;
import io.carbonmlops.meter.carbon.LocalApiServer;
import io.carbonmlops.meter.carbon.ProviderChain;
import io.carbonmlops.meter.carbon.provider.ElectricityMapsProvider;
import io.carbonmlops.meter.carbon.provider.Secret;
import io.carbonmlops.meter.carbon.provider.UkCarbonIntensityProvider;
import io.carbonmlops.meter.carbon.provider.WattTimeProvider;
import io.carbonmlops.meter.carbon.table.GridIntensityTable;
import io.carbonmlops.meter.carbon.table.TableProvider;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Plans made on each provider's forecast format, served over real HTTP by a local server: the same providers, chain
 * and cache as intensity lookups, then the window search. Expected figures are worked out by hand in the comments.
 */
@Timeout(30)
class ScheduleOverHttpTest {
    private static final Instant NOW = Instant.parse("2026-11-30T03:46:10Z");
    private static final String TOKEN = "em-token-5f2a";

    @RegisterExtension
    final LocalApiServer api = new LocalApiServer();
    private final FakeClock clock = new FakeClock(NOW);

    private ProviderChain chain(CarbonIntensityProvider provider) {
        return new ProviderChain(List.of(provider, TableProvider.yearlyAverages(GridIntensityTable.shipped())),
                GridIntensityTable.shipped(), clock, ProviderChain.DEFAULT_LATEST_TTL);
    }

    private ElectricityMapsProvider electricityMaps() {
        return new ElectricityMapsProvider(api.settings("/v3"), Optional.of(Secret.of(TOKEN)));
    }

    private static String emForecast(String... hoursAndValues) {
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < hoursAndValues.length; i += 2) {
            rows.append(rows.length() == 0 ? "" : ",").append("{\"carbonIntensity\":").append(hoursAndValues[i + 1])
                    .append(",\"datetime\":\"").append(hoursAndValues[i]).append("\"}");
        }
        return "{\"zone\":\"DE\",\"forecast\":[" + rows + "],\"updatedAt\":\"2026-11-30T03:30:00.000Z\"}";
    }

    private ShiftDecision plan(ProviderChain chain, String zone, Duration duration, Duration within, Double watts) {
        ShiftPlanner planner = new ShiftPlanner(new ChainForecasts(chain));
        return planner.plan(ShiftRequest.within(zone, duration, within, clock.wallTime(),
                watts == null ? OptionalDouble.empty() : OptionalDouble.of(watts)), clock.wallTime());
    }

    @Test
    void electricityMapsForecastPicksTheLowestTwoHourWindow() throws Exception {
        api.answer(200, emForecast("2026-11-30T03:00:00.000Z", "400", "2026-11-30T04:00:00.000Z", "300",
                "2026-11-30T05:00:00.000Z", "280", "2026-11-30T06:00:00.000Z", "200", "2026-11-30T07:00:00.000Z", "100",
                "2026-11-30T08:00:00.000Z", "120", "2026-11-30T09:00:00.000Z", "250", "2026-11-30T10:00:00.000Z", "300",
                "2026-11-30T11:00:00.000Z", "310"));
        ShiftDecision decision;
        try (ProviderChain chain = chain(electricityMaps())) {
            decision = plan(chain, "DE", Duration.ofHours(2), Duration.ofHours(8), 1000.0);
        }
        // 07:00-09:00 averages (100 + 120) / 2 = 110; starting now (03:46:10) covers 13m50s at 400, 1 h at 300 and
        // 46m10s at 280: (400*830 + 300*3600 + 280*2770) / 7200 = 303.8333…
        assertThat(decision.chosenStart()).isEqualTo(Instant.parse("2026-11-30T07:00:00Z"));
        assertThat(decision.expectedGramsPerKwh().getAsDouble()).isCloseTo(110.0, within(1e-9));
        assertThat(decision.runNowGramsPerKwh().getAsDouble()).isCloseTo(2_187_600.0 / 7200, within(1e-9));
        assertThat(decision.expectedSavingPercent().getAsDouble())
                .isCloseTo((2_187_600.0 / 7200 - 110) / (2_187_600.0 / 7200) * 100, within(1e-9));
        // 1000 W for 2 h = 2 kWh: 0.22 kg against 0.6076… kg
        assertThat(decision.expectedCo2eKg().getAsDouble()).isCloseTo(0.22, within(1e-12));
        assertThat(decision.expectedSavedKg().getAsDouble()).isCloseTo(2 * 2_187_600.0 / 7200 / 1000 - 0.22,
                within(1e-12));
        assertThat(decision.forecast().method()).isEqualTo(ForecastMethod.PROVIDER_FORECAST);
        assertThat(decision.forecast().source()).contains("carbon-intensity/forecast updated 2026-11-30T03:30:00.000Z");
        assertThat(decision.forecast().points()).allMatch(p -> p.kind() == IntensityKind.FORECAST);
        assertThat(decision.warnings()).isEmpty();
        RecordedRequest request = api.server().takeRequest(1, TimeUnit.SECONDS);
        assertThat(request.getUrl().encodedPath()).isEqualTo("/v3/carbon-intensity/forecast");
        assertThat(request.getUrl().queryParameter("horizonHours")).isEqualTo("8");
        assertThat(request.getHeaders().get("auth-token")).isEqualTo(TOKEN);
    }

    @Test
    void aFlatProfileRunsNowAndClaimsNoSaving() {
        api.answer(200, emForecast("2026-11-30T03:00:00.000Z", "250", "2026-11-30T04:00:00.000Z", "250",
                "2026-11-30T05:00:00.000Z", "250", "2026-11-30T06:00:00.000Z", "250", "2026-11-30T07:00:00.000Z", "250"));
        ShiftDecision decision;
        try (ProviderChain chain = chain(electricityMaps())) {
            decision = plan(chain, "DE", Duration.ofHours(1), Duration.ofHours(4), 500.0);
        }
        assertThat(decision.runNow()).isTrue();
        assertThat(decision.waitTime()).isEqualTo(Duration.ZERO);
        assertThat(decision.expectedSavingPercent().getAsDouble()).isEqualTo(0.0);
        assertThat(decision.expectedSavedKg().getAsDouble()).isEqualTo(0.0);
        assertThat(decision.reason()).startsWith("run now: no later window");
    }

    @Test
    void aForecastShorterThanTheJobComparesNothingAndRunsNow() {
        api.answer(200, emForecast("2026-11-30T03:00:00.000Z", "400", "2026-11-30T04:00:00.000Z", "100"));
        ShiftDecision decision;
        try (ProviderChain chain = chain(electricityMaps())) {
            decision = plan(chain, "DE", Duration.ofHours(4), Duration.ofHours(12), 1000.0);
        }
        assertThat(decision.runNow()).isTrue();
        assertThat(decision.windowsCompared()).isZero();
        assertThat(decision.expectedGramsPerKwh()).isEmpty();
        assertThat(decision.expectedSavedKg()).isEmpty();
        assertThat(decision.reason()).contains("until 2026-11-30T05:00:00Z", "cover no whole 4h window",
                "no saving is claimed");
    }

    @Test
    void aDeadlineAlreadyPastFailsClearlyWithoutAskingAnyProvider() {
        ShiftPlanner planner = new ShiftPlanner((zone, from, until) -> {
            throw new AssertionError("no forecast should be asked for");
        });
        ShiftRequest past = new ShiftRequest("DE", Duration.ofHours(1), NOW.minus(Duration.ofMinutes(5)),
                OptionalDouble.empty());
        assertThatThrownBy(() -> planner.plan(past, NOW)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("deadline 2026-11-30T03:41:10Z is already past (now 2026-11-30T03:46:10Z)");
        ShiftRequest tooShort = ShiftRequest.within("DE", Duration.ofHours(2), Duration.ofMinutes(90), NOW,
                OptionalDouble.empty());
        assertThatThrownBy(() -> planner.plan(tooShort, NOW)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the work needs 2h but only 1h30m remain before the deadline");
        assertThat(api.server().getRequestCount()).isZero();
    }

    @Test
    void wattTimeFiveMinuteMarginalForecastIsConvertedAndLabelled() throws Exception {
        api.answer(200, "{\"token\":\"jwt-1\"}");
        StringBuilder data = new StringBuilder();
        double[] lbs = {1000, 1000, 1000, 900, 800, 700, 700, 800, 900, 1000, 1000, 1000};
        for (int i = 0; i < lbs.length; i++) {
            Instant at = Instant.parse("2026-11-30T03:45:00Z").plus(Duration.ofMinutes(5L * i));
            data.append(i == 0 ? "" : ",").append("{\"point_time\":\"").append(at).append("\",\"value\":")
                    .append(lbs[i]).append('}');
        }
        api.answer(200, "{\"data\":[" + data + "],\"meta\":{\"data_point_period_seconds\":300,\"region\":\"CAISO_NORTH\","
                + "\"signal_type\":\"co2_moer\",\"model\":{\"date\":\"2026-10-01\"},\"units\":\"lbs_co2_per_mwh\","
                + "\"generated_at\":\"2026-11-30T03:45:00+00:00\",\"warnings\":[]}}");
        WattTimeProvider wattTime = new WattTimeProvider(api.settings("/"), Optional.of(Secret.of("u")),
                Optional.of(Secret.of("p")), java.util.Map.of("US-CAL-CISO", "CAISO_NORTH"), clock);
        ShiftDecision decision;
        try (ProviderChain chain = chain(wattTime)) {
            decision = plan(chain, "US-CAL-CISO", Duration.ofMinutes(15), Duration.ofMinutes(50), null);
        }
        // 15 min windows: 04:05-04:20 is (800 + 700 + 700) / 3 and 04:10-04:25 is (700 + 700 + 800) / 3 lbs/MWh:
        // tied at 733.33, the earlier wins. In g/kWh: × 0.45359237.
        assertThat(decision.chosenStart()).isEqualTo(Instant.parse("2026-11-30T04:05:00Z"));
        assertThat(decision.expectedGramsPerKwh().getAsDouble()).isCloseTo(2200.0 / 3 * 0.45359237, within(1e-9));
        assertThat(decision.forecast().source()).contains("co2_moer", "generated at 2026-11-30T03:45:00+00:00",
                "marginal");
        assertThat(decision.warnings()).anyMatch(w -> w.contains("marginal rates"));
        api.server().takeRequest(1, TimeUnit.SECONDS);
        RecordedRequest forecast = api.server().takeRequest(1, TimeUnit.SECONDS);
        assertThat(forecast.getUrl().encodedPath()).isEqualTo("/v3/forecast");
        assertThat(forecast.getUrl().queryParameter("horizon_hours")).isEqualTo("1");
        assertThat(forecast.getHeaders().get("Authorization")).isEqualTo("Bearer jwt-1");
    }

    @Test
    void ukHalfHourlyForecastSkipsThePeriodBeforeNowAndNeverBridgesAGap() throws Exception {
        // The API may also return the period ending at the requested start; 04:30-05:00 is missing (a gap).
        api.answer(200, """
                {"data":[
                 {"from":"2026-11-30T03:00Z","to":"2026-11-30T03:30Z","intensity":{"forecast":90,"actual":91,"index":"low"}},
                 {"from":"2026-11-30T03:30Z","to":"2026-11-30T04:00Z","intensity":{"forecast":200,"actual":210,"index":"moderate"}},
                 {"from":"2026-11-30T04:00Z","to":"2026-11-30T04:30Z","intensity":{"forecast":180,"actual":null,"index":"moderate"}},
                 {"from":"2026-11-30T05:00Z","to":"2026-11-30T05:30Z","intensity":{"forecast":60,"actual":null,"index":"very low"}},
                 {"from":"2026-11-30T05:30Z","to":"2026-11-30T06:00Z","intensity":{"forecast":70,"actual":null,"index":"very low"}},
                 {"from":"2026-11-30T06:00Z","to":"2026-11-30T06:30Z","intensity":{"forecast":150,"actual":null,"index":"moderate"}}]}""");
        UkCarbonIntensityProvider uk = new UkCarbonIntensityProvider(api.settings("/"), Optional.empty(), clock);
        ShiftDecision decision;
        try (ProviderChain chain = chain(uk)) {
            decision = plan(chain, "GB", Duration.ofHours(1), Duration.ofHours(3), null);
        }
        // Windows crossing 04:30-05:00 are not compared; 05:00-06:00 averages 65. Now (03:46:10) to 04:46:10 crosses
        // the gap, so there is no run-now figure and no saving percentage.
        assertThat(decision.chosenStart()).isEqualTo(Instant.parse("2026-11-30T05:00:00Z"));
        assertThat(decision.expectedGramsPerKwh().getAsDouble()).isEqualTo(65.0);
        assertThat(decision.runNowGramsPerKwh()).isEmpty();
        assertThat(decision.expectedSavingPercent()).isEmpty();
        List<IntensityReading> points = decision.forecast().points();
        assertThat(points.get(0).from()).isEqualTo(Instant.parse("2026-11-30T03:30:00Z"));
        assertThat(points.get(0).kind()).as("the API's actual figure is measured, not a forecast")
                .isEqualTo(IntensityKind.MEASURED);
        assertThat(points.get(1).kind()).isEqualTo(IntensityKind.FORECAST);
        assertThat(api.server().takeRequest(1, TimeUnit.SECONDS).getTarget())
                .isEqualTo("/intensity/2026-11-30T03:46Z/fw24h");
    }

    @Test
    void timesWrittenWithOffsetsAcrossTheDaylightSavingChangeAreOneContinuousTimeline() {
        // Europe leaves summer time on 2026-10-25 at 01:00 UTC: local 01:30 happens twice. The provider's offsets
        // make four distinct, contiguous UTC hours 23:00Z to 03:00Z.
        clock.advance(Duration.between(NOW, Instant.parse("2026-10-24T22:50:00Z")));
        api.answer(200, emForecast("2026-10-25T01:00:00.000+02:00", "300", "2026-10-25T01:00:00.000+01:00", "100",
                "2026-10-25T01:00:00.000+00:00", "120", "2026-10-25T02:00:00.000+00:00", "300"));
        ShiftDecision decision;
        try (ProviderChain chain = chain(electricityMaps())) {
            decision = plan(chain, "DE", Duration.ofHours(2), Duration.ofHours(4), null);
        }
        assertThat(decision.forecast().points()).extracting(IntensityReading::from).containsExactly(
                Instant.parse("2026-10-24T23:00:00Z"), Instant.parse("2026-10-25T00:00:00Z"),
                Instant.parse("2026-10-25T01:00:00Z"), Instant.parse("2026-10-25T02:00:00Z"));
        assertThat(decision.chosenStart()).isEqualTo(Instant.parse("2026-10-25T00:00:00Z"));
        assertThat(decision.expectedGramsPerKwh().getAsDouble()).isEqualTo(110.0);
    }

    @Test
    void withoutAForecastTheHistoryProfileIsUsedAndSaidNotToBeAForecast() throws Exception {
        api.answer(403, "{\"error\":\"forecast needs a commercial plan\"}");
        // past-range for the last 7 days: two hourly figures the day before, at 04:00 (350) and 05:00 (50)
        api.answer(200, """
                {"zone":"DE","data":[
                 {"zone":"DE","carbonIntensity":350,"datetime":"2026-11-29T04:00:00.000Z","isEstimated":false},
                 {"zone":"DE","carbonIntensity":50,"datetime":"2026-11-29T05:00:00.000Z","isEstimated":false}]}""");
        ShiftDecision decision;
        try (ProviderChain chain = chain(electricityMaps())) {
            decision = plan(chain, "DE", Duration.ofHours(1), Duration.ofHours(3), null);
        }
        assertThat(decision.forecast().method()).isEqualTo(ForecastMethod.HISTORY_SAME_HOURS);
        assertThat(decision.forecast().points()).allMatch(p -> p.kind() == IntensityKind.HISTORY_PROFILE)
                .allMatch(p -> p.source().startsWith("not a forecast"));
        assertThat(decision.chosenStart()).isEqualTo(Instant.parse("2026-11-30T05:00:00Z"));
        assertThat(decision.expectedGramsPerKwh().getAsDouble()).isEqualTo(50.0);
        assertThat(decision.warnings()).anyMatch(w -> w.startsWith("no provider forecast: not a forecast"))
                .anyMatch(w -> w.contains("electricitymaps: http-403-forbidden"));
        assertThat(api.server().takeRequest(1, TimeUnit.SECONDS).getUrl().encodedPath())
                .isEqualTo("/v3/carbon-intensity/forecast");
        RecordedRequest history = api.server().takeRequest(1, TimeUnit.SECONDS);
        assertThat(history.getUrl().encodedPath()).isEqualTo("/v3/carbon-intensity/past-range");
        assertThat(history.getUrl().queryParameter("start")).isEqualTo("2026-11-23T03:00:00Z");
    }

    @Test
    void withOnlyTheYearlyTableThereIsNoBasisAndTheWorkRunsNow() {
        ShiftDecision decision;
        try (ProviderChain chain = new ProviderChain(List.of(TableProvider.yearlyAverages(GridIntensityTable.shipped())),
                clock)) {
            decision = plan(chain, "DE", Duration.ofHours(1), Duration.ofHours(6), null);
        }
        assertThat(decision.forecast().method()).isEqualTo(ForecastMethod.NONE);
        assertThat(decision.runNow()).isTrue();
        assertThat(decision.expectedSavingPercent().getAsDouble()).isEqualTo(0.0);
        assertThat(decision.reason()).contains("no basis for shifting", "yearly-average");
    }

    @Test
    void reChecksWithinTheCacheLifetimeReuseTheForecast() {
        api.answer(200, emForecast("2026-11-30T03:00:00.000Z", "400", "2026-11-30T04:00:00.000Z", "100",
                "2026-11-30T05:00:00.000Z", "300", "2026-11-30T06:00:00.000Z", "300"));
        try (ProviderChain chain = chain(electricityMaps())) {
            ShiftPlanner planner = new ShiftPlanner(new ChainForecasts(chain));
            ShiftRequest request = ShiftRequest.within("DE", Duration.ofHours(1), Duration.ofHours(3), NOW,
                    OptionalDouble.empty());
            ShiftDecision first = planner.plan(request, NOW);
            clock.advance(Duration.ofMinutes(4));
            ShiftDecision second = planner.plan(request, clock.wallTime());
            assertThat(second.chosenStart()).isEqualTo(first.chosenStart())
                    .isEqualTo(Instant.parse("2026-11-30T04:00:00Z"));
        }
        assertThat(api.server().getRequestCount()).isEqualTo(1);
    }
}
