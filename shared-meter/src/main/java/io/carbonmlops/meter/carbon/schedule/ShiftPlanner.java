package io.carbonmlops.meter.carbon.schedule;

import io.carbonmlops.meter.carbon.IntensityReading;
import java.time.Instant;
import java.util.List;
import java.util.OptionalDouble;

/**
 * Chooses when to run: the start whose window of the work's duration has the lowest time-weighted mean intensity
 * before the deadline ({@link WindowSearch}, the Carbon Aware SDK's method), compared with starting now. Plain Java,
 * no I/O of its own: the CLI, the Jenkins steps and the ledger use it as it is.
 *
 * <p>Run now, with no saving claimed, when the figures give no basis for waiting: no forecast and no history, figures
 * that cover no whole window, or a flat profile (ties go to the earliest start).
 */
public final class ShiftPlanner {
    private final ForecastProvider forecasts;

    public ShiftPlanner(ForecastProvider forecasts) {
        this.forecasts = forecasts;
    }

    /**
     * @throws IllegalArgumentException when the deadline is past or leaves too little time, saying why
     */
    public ShiftDecision plan(ShiftRequest request, Instant now) {
        request.requireFeasibleAt(now);
        CarbonForecast forecast = forecasts.forecast(request.zone(), now, request.deadline());
        if (forecast.method() == ForecastMethod.NONE) {
            double flat = forecast.points().get(0).gramsPerKwh();
            return new ShiftDecision(request, now, now, OptionalDouble.of(flat), OptionalDouble.of(flat), 0, forecast,
                    "run now: " + forecast.method().description() + " (" + forecast.points().get(0).kind().label()
                            + " from " + forecast.provider() + ")");
        }
        List<Window> windows = WindowSearch.windows(forecast.points(), now, request.deadline(), request.duration());
        Window best = WindowSearch.best(windows);
        if (best == null) {
            return new ShiftDecision(request, now, now, OptionalDouble.empty(), OptionalDouble.empty(), 0, forecast,
                    "run now: the figures (" + forecast.provider() + ", until " + forecast.coveredUntil()
                            + coverage(forecast.points()) + ") cover no whole " + Durations.text(request.duration())
                            + " window before the deadline, so no start can be compared and no saving is claimed");
        }
        Window runNow = windows.get(0).start().equals(now) ? windows.get(0) : null;
        OptionalDouble runNowAverage = runNow == null ? OptionalDouble.empty()
                : OptionalDouble.of(runNow.averageGramsPerKwh());
        String reason = best.start().equals(now)
                ? "run now: no later window before the deadline has a lower expected intensity"
                : "start at " + best.start() + ": the lowest expected intensity of " + windows.size() + " windows";
        return new ShiftDecision(request, now, best.start(), OptionalDouble.of(best.averageGramsPerKwh()),
                runNowAverage, windows.size(), forecast, reason);
    }

    private static String coverage(List<IntensityReading> points) {
        for (int i = 1; i < points.size(); i++) {
            if (points.get(i - 1).to().isBefore(points.get(i).from())) {
                return ", with a gap from " + points.get(i - 1).to() + " to " + points.get(i).from();
            }
        }
        return "";
    }
}
