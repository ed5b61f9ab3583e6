package io.carbonmlops.cli;

import io.carbonmlops.meter.MeterClock;
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

/**
 * The waiting half of {@code carbon wait}: plans, sleeps until the chosen start, and re-plans every {@code recheck}
 * with fresh figures (the start may move either way, never past the latest start). A stop signal ends the wait at
 * once; nothing has started then, so nothing is lost.
 */
final class ShiftWait {
    /** How the wait ended. {@code stoppedBy} is set when a signal ended it before the start. */
    record Result(ShiftDecision initial, ShiftDecision executed, int replans, Optional<String> stoppedBy) {}

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

    ShiftWait(ShiftPlanner planner, MeterClock clock, Duration recheck, PrintWriter err, boolean quiet) {
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
        ShiftDecision current = initial;
        int replans = 0;
        while (clock.wallTime().isBefore(current.chosenStart())) {
            Duration left = Duration.between(clock.wallTime(), current.chosenStart());
            if (!sleeper.sleep(left.compareTo(recheck) < 0 ? left : recheck) || stopSignal != null) {
                return new Result(initial, current, replans, Optional.of(stopSignal == null ? "stop" : stopSignal));
            }
            Instant now = now(clock);
            if (!now.isBefore(current.chosenStart()) || now.isAfter(request.latestStart())) {
                break;
            }
            ShiftDecision next = planner.plan(request, now);
            replans++;
            if (!next.chosenStart().equals(current.chosenStart())) {
                say("re-planned with figures of " + now + ": start moves from " + current.chosenStart() + " to "
                        + next.chosenStart() + " (" + next.reason() + ")");
            }
            current = next;
        }
        Instant start = now(clock);
        say("starting the job at " + start + (current.runNow() && replans == 0 && initial.runNow() ? ""
                : ", waited " + Durations.text(Duration.between(initial.decidedAt(), start))));
        return new Result(initial, current, replans, Optional.empty());
    }

    private void say(String line) {
        if (!quiet) {
            err.println(MeasurementSummary.PREFIX + line);
            err.flush();
        }
    }
}
