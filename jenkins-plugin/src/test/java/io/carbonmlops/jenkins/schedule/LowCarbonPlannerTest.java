package io.carbonmlops.jenkins.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.carbonmlops.meter.MeterClock;
import io.carbonmlops.meter.carbon.IntensityKind;
import io.carbonmlops.meter.carbon.IntensityReading;
import io.carbonmlops.meter.carbon.ProviderChain;
import io.carbonmlops.meter.carbon.ZoneResolver;
import io.carbonmlops.meter.carbon.provider.Providers;
import io.carbonmlops.meter.carbon.schedule.CarbonForecast;
import io.carbonmlops.meter.carbon.schedule.ChainForecasts;
import io.carbonmlops.meter.carbon.schedule.ForecastMethod;
import io.carbonmlops.meter.carbon.schedule.ForecastProvider;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** waitForLowCarbon's plan over a forecast: the greenest window, maxIntensity, bad input. */
class LowCarbonPlannerTest {
    private static final Instant NOW = Instant.parse("2026-11-30T03:00:00Z");

    /** Hourly: 400, 300, 100, 120, 350 g/kWh from 03:00. */
    private final ForecastProvider forecast = (zone, from, until) -> {
        List<IntensityReading> points = new ArrayList<>();
        double[] grams = {400, 300, 100, 120, 350, 350, 350};
        for (int i = 0; i < grams.length; i++) {
            Instant start = NOW.plus(Duration.ofHours(i));
            points.add(new IntensityReading(grams[i], zone, "electricitymaps", "Electricity Maps forecast",
                    IntensityKind.FORECAST, start, start.plus(Duration.ofHours(1))));
        }
        return new CarbonForecast(zone, "electricitymaps", "Electricity Maps forecast", ForecastMethod.PROVIDER_FORECAST,
                from, points, List.of());
    };

    private final LowCarbonPlanner planner = new LowCarbonPlanner(ZoneResolver.shipped(), forecast);

    @Test
    void waitsForTheGreenestWindowBeforeTheDeadlineAndSaysWhy() {
        LowCarbonPlan plan = planner.plan("DE", Duration.ofHours(2), Duration.ofHours(6), null, NOW);

        assertThat(plan.start()).isEqualTo(Instant.parse("2026-11-30T05:00:00Z"));
        assertThat(plan.startsNow()).isFalse();
        assertThat(plan.summary()).isEqualTo("wait 2h, until 2026-11-30T05:00:00Z for DE: expected 110 g/kWh vs"
                + " 350 g/kWh now");
        assertThat(plan.details()).anySatisfy(line -> assertThat(line).startsWith("figures: provider-forecast from"
                + " electricitymaps"));
        assertThat(plan.details()).anySatisfy(line -> assertThat(line).contains("(68.6 % less)"));
    }

    @Test
    void thePlanCarriesTheShiftSectionCarbonWaitWritesForTheBlocksThatFollow() {
        JsonObject shift = JsonParser.parseString(planner.plan("DE", Duration.ofHours(2), Duration.ofHours(6), null,
                NOW).shift()).getAsJsonObject();

        assertThat(shift.get("zone").getAsString()).isEqualTo("DE");
        assertThat(shift.get("decided_at").getAsString()).isEqualTo("2026-11-30T03:00:00.000Z");
        assertThat(shift.get("chosen_start").getAsString()).isEqualTo("2026-11-30T05:00:00.000Z");
        assertThat(shift.get("run_now_g_per_kwh").getAsDouble()).isEqualTo(350.0);
        assertThat(shift.get("expected_g_per_kwh").getAsDouble()).isEqualTo(110.0);
        assertThat(shift.get("replans").getAsInt()).isZero();
        assertThat(shift.getAsJsonObject("executed").get("chosen_start")).isEqualTo(shift.get("chosen_start"));
        assertThat(shift.getAsJsonObject("executed").getAsJsonObject("forecast").getAsJsonArray("points")).hasSize(7);
        assertThat(shift.has("outcome")).as("completed per block, after it ran").isFalse();
    }

    @Test
    void aCleanEnoughRunNowIsRecordedAsTheDecisionExecuted() {
        JsonObject shift = JsonParser.parseString(planner.plan("DE", Duration.ofHours(2), Duration.ofHours(6), 400.0,
                NOW).shift()).getAsJsonObject();

        assertThat(shift.get("run_now").getAsBoolean()).isTrue();
        assertThat(shift.get("chosen_start")).isEqualTo(shift.get("decided_at"));
        assertThat(shift.get("expected_g_per_kwh").getAsDouble()).isEqualTo(350.0);
        assertThat(shift.get("expected_saving_percent").getAsDouble()).isZero();
        assertThat(shift.get("reason").getAsString()).isEqualTo("running now at 350 g/kWh is within maxIntensity 400"
                + " g/kWh");
    }

    @Test
    void maxIntensityStartsAtOnceWhenRunningNowIsCleanEnough() {
        LowCarbonPlan plan = planner.plan("DE", Duration.ofHours(2), Duration.ofHours(6), 400.0, NOW);

        assertThat(plan.startsNow()).isTrue();
        assertThat(plan.details()).anySatisfy(line -> assertThat(line).isEqualTo("why: running now at 350 g/kWh is"
                + " within maxIntensity 400 g/kWh"));
    }

    @Test
    void aMaxIntensityBelowRunningNowStillWaitsForTheBestWindow() {
        assertThat(planner.plan("DE", Duration.ofHours(2), Duration.ofHours(6), 200.0, NOW).start())
                .isEqualTo(Instant.parse("2026-11-30T05:00:00Z"));
    }

    @Test
    void withTheShippedTableAloneThereIsNoForecastSoThePlanSaysSoAndStartsNow() {
        LowCarbonPlan plan;
        try (ProviderChain table = Providers.chain("table", Map.of(), MeterClock.SYSTEM)) {
            plan = new LowCarbonPlanner(ZoneResolver.shipped(), new ChainForecasts(table)).plan("DE",
                    Duration.ofHours(2), Duration.ofHours(12), 150.0, NOW);
        }

        assertThat(plan.startsNow()).isTrue();
        assertThat(plan.summary()).startsWith("start now for DE");
        assertThat(plan.details()).anySatisfy(line -> assertThat(line).startsWith("figures: none from table"));
    }

    @Test
    void badInputIsRefusedWithWhatToDo() {
        assertThatThrownBy(() -> planner.plan("Atlantis", Duration.ofHours(1), Duration.ofHours(6), null, NOW))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Atlantis");
        assertThatThrownBy(() -> planner.plan("DE", Duration.ofHours(8), Duration.ofHours(6), null, NOW))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("extend the deadline");
        assertThatThrownBy(() -> planner.plan("DE", Duration.ofHours(1), Duration.ofHours(6), -5.0, NOW))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxIntensity");
        assertThatThrownBy(() -> StepDurations.parse("within", "soon")).hasMessageContaining("within: 'soon'");
        assertThat(StepDurations.parse("duration", "90m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(StepDurations.parse("duration", "1.5h")).isEqualTo(Duration.ofMinutes(90));
        assertThat(StepDurations.parse("duration", "PT2H")).isEqualTo(Duration.ofHours(2));
    }
}
