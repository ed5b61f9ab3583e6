package io.carbonmlops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.carbonmlops.meter.MeterClock;
import io.carbonmlops.meter.carbon.IntensityKind;
import io.carbonmlops.meter.carbon.IntensityReading;
import io.carbonmlops.meter.carbon.IntensityResult;
import io.carbonmlops.meter.carbon.schedule.CarbonForecast;
import io.carbonmlops.meter.carbon.schedule.ForecastMethod;
import io.carbonmlops.meter.carbon.schedule.ShiftPlanner;
import io.carbonmlops.meter.carbon.schedule.ShiftRequest;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** The wait loop with a clock the sleeper advances: re-checks, a moved start, and a stop. */
class ShiftWaitTest {
    private static final Instant T0 = Instant.parse("2026-11-30T00:00:00Z");

    private Instant now = T0;
    private final List<Duration> sleeps = new ArrayList<>();
    private final MeterClock clock = new MeterClock() {
        @Override
        public Instant wallTime() {
            return now;
        }

        @Override
        public long monotonicNanos() {
            return 0;
        }
    };

    private static CarbonForecast hourly(Instant fetchedAt, double... grams) {
        List<IntensityReading> points = new ArrayList<>();
        for (int h = 0; h < grams.length; h++) {
            Instant from = T0.plus(Duration.ofHours(h));
            points.add(new IntensityReading(grams[h], "DE", "test", "test forecast", IntensityKind.FORECAST, from,
                    from.plus(Duration.ofHours(1))));
        }
        return new CarbonForecast("DE", "test", "test forecast", ForecastMethod.PROVIDER_FORECAST, fetchedAt, points,
                List.of());
    }

    @Test
    void reChecksEveryIntervalAndFollowsAStartThatMovesEarlier() throws Exception {
        // First forecast: lowest at 04:00. From the second re-check on, 02:00 is lowest.
        int[] calls = {0};
        ShiftPlanner planner = new ShiftPlanner((zone, from, until) -> calls[0]++ < 2
                ? hourly(from, 300, 300, 300, 300, 100, 300, 300, 300)
                : hourly(from, 300, 300, 50, 300, 100, 300, 300, 300));
        StringWriter err = new StringWriter();
        ShiftWait wait = new ShiftWait(planner, clock, Duration.ofMinutes(45), new PrintWriter(err, true), false);
        ShiftWait.Result result = wait.run(new ShiftRequest("DE", Duration.ofHours(1), T0.plus(Duration.ofHours(8)),
                OptionalDouble.empty()), duration -> {
                    sleeps.add(duration);
                    now = now.plus(duration);
                    return true;
                });
        assertThat(result.initial().chosenStart()).isEqualTo(T0.plus(Duration.ofHours(4)));
        assertThat(result.executed().chosenStart()).isEqualTo(T0.plus(Duration.ofHours(2)));
        assertThat(now).isEqualTo(T0.plus(Duration.ofHours(2)));
        // 00:00 -> 00:45 (re-check 1, start still 04:00) -> 01:30 (re-check 2, start moves to 02:00) -> 02:00
        assertThat(sleeps).containsExactly(Duration.ofMinutes(45), Duration.ofMinutes(45), Duration.ofMinutes(30));
        assertThat(result.replans()).as("re-planned at 00:45 and 01:30; at 02:00 it starts").isEqualTo(2);
        assertThat(result.stoppedBy()).isEmpty();
        assertThat(err.toString()).contains("start moves from 2026-11-30T04:00:00Z to 2026-11-30T02:00:00Z");
    }

    private static IntensityResult live(double grams) {
        return new IntensityResult(List.of(new IntensityReading(grams, "DE", "live", "live latest",
                IntensityKind.MEASURED, T0, T0.plus(Duration.ofHours(1)))), "live", List.of(), false);
    }

    private static ShiftPlanner noBasis() {
        return new ShiftPlanner((zone, from, until) -> new CarbonForecast("DE", "live", "live latest",
                ForecastMethod.NONE, from, List.of(new IntensityReading(300, "DE", "live", "live latest",
                        IntensityKind.MEASURED, T0, T0.plus(Duration.ofHours(1)))), List.of()));
    }

    @Test
    void withoutAForecastAThresholdWaitPollsTheLiveFigureWithBackoff() throws Exception {
        double[] figures = {300, 250, 180};
        int[] calls = {0};
        StringWriter err = new StringWriter();
        ShiftWait wait = new ShiftWait(noBasis(), clock, Duration.ofMinutes(10), new PrintWriter(err, true), false,
                Optional.of(new ShiftWait.Threshold(200, zone -> live(figures[calls[0]++]))));
        ShiftWait.Result result = wait.run(new ShiftRequest("DE", Duration.ofHours(1), T0.plus(Duration.ofHours(6)),
                OptionalDouble.empty()), duration -> {
                    sleeps.add(duration);
                    now = now.plus(duration);
                    return true;
                });
        assertThat(sleeps).containsExactly(Duration.ofMinutes(10), Duration.ofMinutes(20));
        assertThat(now).isEqualTo(T0.plus(Duration.ofMinutes(30)));
        assertThat(result.threshold()).hasValueSatisfying(note -> assertThat(note)
                .startsWith("started when the live figure 180 g/kWh (measured").contains("--max-intensity 200"));
    }

    @Test
    void aThresholdNeverMetStartsAtTheLatestStart() throws Exception {
        ShiftWait wait = new ShiftWait(noBasis(), clock, Duration.ofMinutes(40), new PrintWriter(new StringWriter()),
                true, Optional.of(new ShiftWait.Threshold(100, zone -> live(300))));
        ShiftWait.Result result = wait.run(new ShiftRequest("DE", Duration.ofHours(1), T0.plus(Duration.ofHours(3)),
                OptionalDouble.empty()), duration -> {
                    sleeps.add(duration);
                    now = now.plus(duration);
                    return true;
                });
        // backoff 40 m, then 80 m capped at the 1 h maximum, then the 20 m left to the 02:00 latest start
        assertThat(sleeps).containsExactly(Duration.ofMinutes(40), Duration.ofHours(1), Duration.ofMinutes(20));
        assertThat(now).isEqualTo(T0.plus(Duration.ofHours(2)));
        assertThat(result.threshold().orElseThrow()).startsWith("started at the latest start");
    }

    @Test
    void aStopEndsTheWaitWithTheSignalsName() throws Exception {
        ShiftPlanner planner = new ShiftPlanner((zone, from, until) -> hourly(from, 300, 300, 100, 300));
        ShiftWait wait = new ShiftWait(planner, clock, Duration.ofMinutes(15), new PrintWriter(new StringWriter()),
                true);
        wait.stop("SIGTERM");
        ShiftWait.Result result = wait.run(new ShiftRequest("DE", Duration.ofHours(1), T0.plus(Duration.ofHours(4)),
                OptionalDouble.empty()), wait.latchSleeper());
        assertThat(result.stoppedBy()).contains("SIGTERM");
        assertThat(now).isEqualTo(T0);
    }

    @Test
    void aStopThatArrivesWhileTheFiguresAreFetchedIsNotOverriddenByARunNowPlan() throws Exception {
        // SIGTERM lands during the (slow, HTTP) initial plan, which then says "run now": nothing may start.
        ShiftWait[] waitRef = new ShiftWait[1];
        ShiftPlanner planner = new ShiftPlanner((zone, from, until) -> {
            waitRef[0].stop("SIGTERM");
            return hourly(from, 100, 300, 300, 300);
        });
        waitRef[0] = new ShiftWait(planner, clock, Duration.ofMinutes(15), new PrintWriter(new StringWriter()), true);

        ShiftWait.Result result = waitRef[0].run(new ShiftRequest("DE", Duration.ofHours(1),
                T0.plus(Duration.ofHours(4)), OptionalDouble.empty()), waitRef[0].latchSleeper());

        assertThat(result.stoppedBy()).contains("SIGTERM");
    }

    @Test
    void aStopThatArrivesDuringAReplanThatMovesTheStartToNowIsHonoured() throws Exception {
        int[] calls = {0};
        ShiftWait[] waitRef = new ShiftWait[1];
        ShiftPlanner planner = new ShiftPlanner((zone, from, until) -> {
            if (calls[0]++ == 0) {
                return hourly(from, 300, 300, 100, 300);
            }
            waitRef[0].stop("SIGHUP");
            return hourly(from, 10, 300, 100, 300); // the re-check finds the current hour best: start now
        });
        waitRef[0] = new ShiftWait(planner, clock, Duration.ofMinutes(15), new PrintWriter(new StringWriter()), true);

        ShiftWait.Result result = waitRef[0].run(new ShiftRequest("DE", Duration.ofHours(1),
                T0.plus(Duration.ofHours(4)), OptionalDouble.empty()), duration -> {
                    now = now.plus(duration);
                    return true;
                });

        assertThat(result.stoppedBy()).contains("SIGHUP");
    }

    @Test
    void aStopThatArrivesWhileTheLiveFigureIsReadEndsAThresholdWait() throws Exception {
        ShiftWait[] waitRef = new ShiftWait[1];
        waitRef[0] = new ShiftWait(noBasis(), clock, Duration.ofMinutes(10), new PrintWriter(new StringWriter()), true,
                Optional.of(new ShiftWait.Threshold(200, zone -> {
                    waitRef[0].stop("SIGINT");
                    return live(150); // low enough: would start
                })));

        ShiftWait.Result result = waitRef[0].run(new ShiftRequest("DE", Duration.ofHours(1),
                T0.plus(Duration.ofHours(6)), OptionalDouble.empty()), waitRef[0].latchSleeper());

        assertThat(result.stoppedBy()).contains("SIGINT");
        assertThat(result.threshold()).isEmpty();
    }

    @Test
    void aReCheckDuringAProviderOutageKeepsThePlannedWindowInsteadOfStartingNow() throws Exception {
        int[] calls = {0};
        ShiftPlanner planner = new ShiftPlanner((zone, from, until) -> calls[0]++ == 0
                ? hourly(from, 300, 300, 300, 300, 100, 300, 300, 300)
                : new CarbonForecast("DE", "table", "yearly average", ForecastMethod.NONE, from,
                        List.of(new IntensityReading(342, "DE", "table", "yearly average",
                                IntensityKind.YEARLY_AVERAGE, T0, T0.plus(Duration.ofDays(365)))), List.of()));
        StringWriter err = new StringWriter();
        ShiftWait wait = new ShiftWait(planner, clock, Duration.ofMinutes(45), new PrintWriter(err, true), false);

        ShiftWait.Result result = wait.run(new ShiftRequest("DE", Duration.ofHours(1), T0.plus(Duration.ofHours(8)),
                OptionalDouble.empty()), duration -> {
                    now = now.plus(duration);
                    return true;
                });

        assertThat(now).as("started at the planned 04:00, not at the first re-check").isEqualTo(T0.plus(
                Duration.ofHours(4)));
        assertThat(result.executed().chosenStart()).isEqualTo(T0.plus(Duration.ofHours(4)));
        assertThat(err.toString()).contains("keeps the start at 2026-11-30T04:00:00Z");
    }
}
