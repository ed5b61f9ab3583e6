package io.carbonmlops.meter.carbon.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.carbonmlops.meter.carbon.IntensityKind;
import io.carbonmlops.meter.carbon.IntensityReading;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WindowSearchTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static List<IntensityReading> fiveMinute(double... grams) {
        List<IntensityReading> points = new ArrayList<>();
        for (int i = 0; i < grams.length; i++) {
            Instant from = T0.plus(Duration.ofMinutes(5L * i));
            points.add(new IntensityReading(grams[i], "Z", "test", "test", IntensityKind.FORECAST, from,
                    from.plus(Duration.ofMinutes(5))));
        }
        return points;
    }

    @Test
    void reproducesTheCarbonAwareSdkRollingAverageExample() {
        // The SDK's documented example: [12, 11, 10, 12, 13] with a 10-minute window gives [11.5, 10.5, 11, 12.5];
        // the lowest single point (10) is not the best start for a two-point job.
        List<Window> windows = WindowSearch.windows(fiveMinute(12, 11, 10, 12, 13), T0, T0.plus(Duration.ofMinutes(25)),
                Duration.ofMinutes(10));
        assertThat(windows).extracting(Window::averageGramsPerKwh).containsExactly(11.5, 10.5, 11.0, 12.5);
        assertThat(WindowSearch.best(windows).start()).isEqualTo(T0.plus(Duration.ofMinutes(5)));
    }

    @Test
    void aMidIntervalStartIsWeightedByTime() {
        // From 00:02:30 for 5 minutes: half of 12 and half of 11.
        List<Window> windows = WindowSearch.windows(fiveMinute(12, 11), T0.plus(Duration.ofSeconds(150)),
                T0.plus(Duration.ofMinutes(10)), Duration.ofMinutes(5));
        assertThat(windows.get(0).averageGramsPerKwh()).isEqualTo(11.5);
        assertThat(WindowSearch.best(windows).start()).isEqualTo(T0.plus(Duration.ofMinutes(5)));
    }

    @Test
    void tiesGoToTheEarliestWindow() {
        List<Window> windows = WindowSearch.windows(fiveMinute(5, 5, 5), T0, T0.plus(Duration.ofMinutes(15)),
                Duration.ofMinutes(5));
        assertThat(windows).hasSize(3);
        assertThat(WindowSearch.best(windows).start()).isEqualTo(T0);
    }

    @Test
    void aRepeatedPeriodIsCountedOnce() {
        List<IntensityReading> points = new ArrayList<>(fiveMinute(10, 20));
        points.add(0, points.get(0));
        assertThat(WindowSearch.windows(points, T0, T0.plus(Duration.ofMinutes(10)), Duration.ofMinutes(10)))
                .extracting(Window::averageGramsPerKwh).containsExactly(15.0);
    }
}
