package io.carbonmlops.meter.carbon.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.carbonmlops.meter.carbon.IntensityKind;
import io.carbonmlops.meter.carbon.IntensityReading;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** Whether a re-check's decision may replace the one a wait is following. */
class ShiftDecisionTest {
    private static final Instant T0 = Instant.parse("2026-11-30T00:00:00Z");
    private static final ShiftRequest REQUEST = new ShiftRequest("DE", Duration.ofHours(1),
            T0.plus(Duration.ofHours(8)), OptionalDouble.empty());

    private static CarbonForecast figures(ForecastMethod method, int hours, double... grams) {
        List<IntensityReading> points = new ArrayList<>();
        for (int h = 0; h < hours; h++) {
            Instant from = T0.plus(Duration.ofHours(h));
            points.add(new IntensityReading(grams[h % grams.length], "DE", "test", "test", method
                    == ForecastMethod.HISTORY_SAME_HOURS ? IntensityKind.HISTORY_PROFILE : IntensityKind.FORECAST, from,
                    from.plus(Duration.ofHours(1))));
        }
        return new CarbonForecast("DE", "test", "test", method, T0, points, List.of());
    }

    private static ShiftDecision plan(CarbonForecast forecast, Instant now) {
        return new ShiftPlanner((zone, from, until) -> forecast).plan(REQUEST, now);
    }

    @Test
    void aReCheckWithoutAForecastOrWithoutAWholeWindowIsWeakerThanAForecastPlan() {
        ShiftDecision followed = plan(figures(ForecastMethod.PROVIDER_FORECAST, 8, 300, 300, 300, 300, 100), T0);
        Instant later = T0.plus(Duration.ofMinutes(45));
        ShiftDecision outage = new ShiftPlanner((zone, from, until) -> new CarbonForecast("DE", "table", "yearly",
                ForecastMethod.NONE, from, List.of(new IntensityReading(342, "DE", "table", "yearly",
                        IntensityKind.YEARLY_AVERAGE, Instant.parse("2025-01-01T00:00:00Z"),
                        Instant.parse("2026-01-01T00:00:00Z"))), List.of())).plan(REQUEST, later);
        ShiftDecision truncated = plan(figures(ForecastMethod.PROVIDER_FORECAST, 1, 300), later);
        ShiftDecision history = plan(figures(ForecastMethod.HISTORY_SAME_HOURS, 8, 50), later);
        ShiftDecision fresher = plan(figures(ForecastMethod.PROVIDER_FORECAST, 8, 300, 50, 300), later);

        assertThat(followed.chosenStart()).isEqualTo(T0.plus(Duration.ofHours(4)));
        assertThat(outage.runNow()).as("on its own, no basis means run now").isTrue();
        assertThat(outage.weakerThan(followed)).isTrue();
        assertThat(truncated.weakerThan(followed)).isTrue();
        assertThat(history.weakerThan(followed)).isTrue();
        assertThat(fresher.weakerThan(followed)).isFalse();
        assertThat(followed.weakerThan(outage)).isFalse();
    }
}
