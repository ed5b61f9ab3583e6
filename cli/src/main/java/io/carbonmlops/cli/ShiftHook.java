package io.carbonmlops.cli;

import com.google.gson.JsonObject;
import io.carbonmlops.meter.carbon.CarbonAccountant;
import io.carbonmlops.meter.carbon.ProviderChain;
import io.carbonmlops.meter.carbon.schedule.Durations;
import io.carbonmlops.meter.carbon.schedule.ShiftOutcome;
import io.carbonmlops.meter.carbon.schedule.ShiftSection;
import java.util.List;

/**
 * Adds the shift to what {@code carbon wait} records once the command ended: the decision (with the figures it was
 * executed on) and what it saved against running at the decision time, as the measurement document's {@code shift}
 * section and a summary line. It runs after the intensity options and before MLflow, which logs the section.
 */
final class ShiftHook implements MeasureHook {
    private final ShiftWait.Result wait;
    private final IntensityOptions intensity;

    ShiftHook(ShiftWait.Result wait, IntensityOptions intensity) {
        this.wait = wait;
        this.intensity = intensity;
    }

    @Override
    public void afterCommand(MeasureOutcome outcome, JsonObject json, List<String> summaryLines) {
        JsonObject planned = ShiftSection.planned(wait.initial(), wait.executed(), wait.replans(), wait.threshold());
        ShiftOutcome result;
        try (ProviderChain chain = intensity.chain()) {
            result = ShiftOutcome.account(wait.initial(), outcome.measurement(), intensity.zone(), intensity.options(),
                    new CarbonAccountant(chain));
        }
        JsonObject shift = ShiftSection.complete(planned, outcome.measurement().startedAt(), result);
        json.add("shift", shift);
        String percent = result.savedPercent().isPresent()
                ? " (" + MeasurementSummary.significant(result.savedPercent().getAsDouble(), 3) + " %)" : "";
        String saving = result.comparable() ? "saved " + MeasurementSummary.significant(result.savedKg(), 3)
                + " kg CO2e" + percent + " against starting at " + wait.initial().decidedAt() + " ("
                + result.realised().kind().label() + " figures)"
                : "no saving claimed against starting at " + wait.initial().decidedAt() + " (see the note)";
        summaryLines.add("  shift: started " + Durations.text(java.time.Duration.between(wait.initial().decidedAt(),
                outcome.measurement().startedAt())) + " after the decision; " + saving);
        result.notes().forEach(note -> summaryLines.add("  shift note: " + note));
    }
}
