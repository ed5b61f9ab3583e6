package io.carbonmlops.cli;

import io.carbonmlops.meter.carbon.schedule.Durations;
import io.carbonmlops.meter.carbon.schedule.ShiftDecision;
import java.io.PrintWriter;
import java.util.OptionalDouble;

/** How a {@link ShiftDecision} reads on a terminal: one labelled line per fact, figures to 4 significant digits. */
final class ScheduleText {
    private ScheduleText() {}

    static void print(ShiftDecision decision, PrintWriter out, String prefix) {
        out.printf("%sstart      %s%n", prefix, decision.runNow() ? "now (" + decision.decidedAt() + ")"
                : decision.chosenStart() + " (in " + Durations.text(decision.waitTime()) + ")");
        out.printf("%swindow     %s to %s, expected %s%n", prefix, decision.chosenStart(), decision.chosenEnd(),
                grams(decision.expectedGramsPerKwh()));
        out.printf("%srun now    %s%n", prefix, grams(decision.runNowGramsPerKwh()));
        out.printf("%ssaving     %s%n", prefix, saving(decision));
        out.printf("%sdeadline   %s (latest start %s)%n", prefix, decision.request().deadline(),
                decision.request().latestStart());
        out.printf("%sbasis      %s, provider %s, %s%n", prefix, decision.forecast().method().label(),
                decision.forecast().provider(), decision.forecast().source());
        out.printf("%sreason     %s%n", prefix, decision.reason());
        decision.warnings().forEach(w -> out.printf("%swarning    %s%n", prefix, MeasurementSummary.oneLine(w)));
    }

    static String grams(OptionalDouble gramsPerKwh) {
        return gramsPerKwh.isPresent() ? MeasurementSummary.significant(gramsPerKwh.getAsDouble(), 4) + " g/kWh"
                : "unknown (the figures do not cover that window)";
    }

    private static String saving(ShiftDecision decision) {
        OptionalDouble percent = decision.expectedSavingPercent();
        if (percent.isEmpty()) {
            return "not claimed (no comparable run-now figure)";
        }
        String text = MeasurementSummary.significant(percent.getAsDouble(), 3) + " % of the run-now intensity";
        OptionalDouble kg = decision.expectedSavedKg();
        return kg.isPresent() ? text + ", " + MeasurementSummary.significant(kg.getAsDouble(), 3) + " kg CO2e at "
                + MeasurementSummary.significant(decision.request().powerWatts().getAsDouble(), 4) + " W for "
                + Durations.text(decision.request().duration())
                : text + " (pass --power WATTS for kg)";
    }
}
