package io.carbonmlops.cli;

import io.carbonmlops.meter.MeterClock;
import io.carbonmlops.meter.carbon.IntensityKind;
import io.carbonmlops.meter.carbon.IntensityReading;
import io.carbonmlops.meter.carbon.IntensityResult;
import io.carbonmlops.meter.carbon.schedule.ForecastMethod;
import io.carbonmlops.meter.carbon.schedule.Durations;
import io.carbonmlops.meter.carbon.schedule.ShiftDecision;
import io.carbonmlops.meter.carbon.schedule.ShiftPlanner;
import io.carbonmlops.meter.carbon.schedule.ShiftRequest;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The waiting half of {@code carbon wait}: plans, sleeps until the chosen start, and re-plans every {@code recheck}
 * with fresh figures (the start may move either way, never past the latest start). A stop signal ends the wait at
 * once; nothing has started then, so nothing is lost.
 */
final class ShiftWait {
    /**
     * How the wait ended. {@code stoppedBy} is set when a signal ended it before the start; {@code threshold} says how
     * a threshold wait (no forecast, no history) ended, when there was one.
     */
    record Result(ShiftDecision initial, ShiftDecision executed, int replans, Optional<String> stoppedBy,
            Optional<String> threshold) {}

    /**
     * The fallback where the figures give no basis for a plan: wait until the live reading is at or below
     * {@code maxGramsPerKwh}, polling with backoff, and start at the latest start at the latest.
     *
     * @param latest the provider chain's current figure for a zone key
     */
    record Threshold(double maxGramsPerKwh, Function<String, IntensityResult> latest) {}

    static final Duration MAX_BACKOFF = Duration.ofHours(1);

    /** Sleeps up to a duration; returns early (false) when told to stop. Tests replace it to advance a fake clock. */
    interface Sleeper {
        boolean sleep(Duration duration) throws InterruptedException;
    }

    private final ShiftPlanner planner;
    private final MeterClock clock;
    private final Duration recheck;
    private final PrintWriter err;
    private final boolean quiet;
    private final CountDownLatch stop = new CountDownLatch(1);
    private volatile String stopSignal;

    private final Optional<Threshold> threshold;

    ShiftWait(ShiftPlanner planner, MeterClock clock, Duration recheck, PrintWriter err, boolean quiet) {
        this(planner, clock, recheck, err, quiet, Optional.empty());
    }

    ShiftWait(ShiftPlanner planner, MeterClock clock, Duration recheck, PrintWriter err, boolean quiet,
            Optional<Threshold> threshold) {
        this.threshold = threshold;
        this.planner = planner;
        this.clock = clock;
        this.recheck = recheck;
        this.err = err;
        this.quiet = quiet;
    }

    /** Decisions are made on whole seconds: plans and logs read better, and nothing finer matters here. */
    static Instant now(MeterClock clock) {
        return clock.wallTime().truncatedTo(ChronoUnit.SECONDS);
    }

    /** Ends the wait (from a signal handler thread). */
    void stop(String signal) {
        stopSignal = signal;
        stop.countDown();
    }

    /** Sleeps on the stop latch: a signal wakes it at once. */
    Sleeper latchSleeper() {
        return duration -> !stop.await(duration.toNanos(), TimeUnit.NANOSECONDS);
    }

    Result run(ShiftRequest request, Sleeper sleeper) throws InterruptedException {
        ShiftDecision initial = planner.plan(request, now(clock));
        say("plan for " + request.zone() + ", " + Durations.text(request.duration()) + " job due by "
                + request.deadline() + ":");
        if (!quiet) {
            ScheduleText.print(initial, err, MeasurementSummary.PREFIX + "  ");
            err.flush();
        }
        if (initial.forecast().method() == ForecastMethod.NONE && threshold.isPresent()) {
            return waitForThreshold(request, initial, threshold.get(), sleeper);
        }
        ShiftDecision current = initial;
        int replans = 0;
        while (clock.wallTime().isBefore(current.chosenStart())) {
            Duration left = Duration.between(clock.wallTime(), current.chosenStart());
            if (!sleeper.sleep(left.compareTo(recheck) < 0 ? left : recheck) || stopSignal != null) {
                return new Result(initial, current, replans, Optional.of(stopSignal == null ? "stop" : stopSignal),
                        Optional.empty());
            }
            Instant now = now(clock);
            if (!now.isBefore(current.chosenStart()) || now.isAfter(request.latestStart())) {
                break;
            }
            ShiftDecision next = planner.plan(request, now);
            replans++;
            if (next.weakerThan(current)) {
                say("re-check at " + now + " had weaker figures (" + next.forecast().method().label() + ": "
                        + MeasurementSummary.oneLine(next.reason()) + "); the plan keeps the start at "
                        + current.chosenStart());
                continue;
            }
            if (!next.chosenStart().equals(current.chosenStart())) {
                say("re-planned with figures of " + now + ": start moves from " + current.chosenStart() + " to "
                        + next.chosenStart() + " (" + next.reason() + ")");
            }
            current = next;
        }
        if (stopSignal != null) { // arrived while figures were fetched: a plan to start now must not override it
            return new Result(initial, current, replans, Optional.of(stopSignal), Optional.empty());
        }
        Instant start = now(clock);
        say("starting the job at " + start + (current.runNow() && replans == 0 && initial.runNow() ? ""
                : ", waited " + Durations.text(Duration.between(initial.decidedAt(), start))));
        return new Result(initial, current, replans, Optional.empty(), Optional.empty());
    }

    /** Polls the live figure (backoff: --recheck, doubling up to an hour) until it is low enough or time is up. */
    private Result waitForThreshold(ShiftRequest request, ShiftDecision initial, Threshold limit, Sleeper sleeper)
            throws InterruptedException {
        Duration backoff = recheck;
        while (true) {
            IntensityReading reading = limit.latest().apply(request.zone()).first();
            String figure = MeasurementSummary.significant(reading.gramsPerKwh(), 4) + " g/kWh ("
                    + reading.kind().label() + ", " + reading.source() + ")";
            String outcome = null;
            if (reading.kind() != IntensityKind.MEASURED) {
                outcome = "no live reading to compare with --max-intensity (" + figure + "): started at once";
            } else if (reading.gramsPerKwh() <= limit.maxGramsPerKwh()) {
                outcome = "started when the live figure " + figure + " was at or below --max-intensity "
                        + MeasurementSummary.significant(limit.maxGramsPerKwh(), 4) + " g/kWh";
            } else if (!now(clock).isBefore(request.latestStart())) {
                outcome = "started at the latest start: the live figure " + figure + " never fell to --max-intensity "
                        + MeasurementSummary.significant(limit.maxGramsPerKwh(), 4) + " g/kWh";
            }
            if (stopSignal != null) {
                return new Result(initial, initial, 0, Optional.of(stopSignal), Optional.empty());
            }
            if (outcome != null) {
                say(outcome);
                return new Result(initial, initial, 0, Optional.empty(), Optional.of(outcome));
            }
            Duration left = Duration.between(now(clock), request.latestStart());
            say("threshold wait: live figure " + figure + " is above --max-intensity; next look in "
                    + Durations.text(backoff.compareTo(left) < 0 ? backoff : left));
            if (!sleeper.sleep(backoff.compareTo(left) < 0 ? backoff : left) || stopSignal != null) {
                return new Result(initial, initial, 0, Optional.of(stopSignal == null ? "stop" : stopSignal),
                        Optional.empty());
            }
            backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        }
    }

    private void say(String line) {
        if (!quiet) {
            err.println(MeasurementSummary.PREFIX + line);
            err.flush();
        }
    }
}
