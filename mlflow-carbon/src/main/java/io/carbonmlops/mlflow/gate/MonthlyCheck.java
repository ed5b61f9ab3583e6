package io.carbonmlops.mlflow.gate;

import io.carbonmlops.meter.report.Figures;
import io.carbonmlops.mlflow.gate.policy.MonthlyBudget;
import java.time.YearMonth;
import java.util.Locale;
import java.util.Objects;

/**
 * A monthly budget applied to a decision.
 *
 * @param usedKg   CO2e of the runs tagged with the budget's tag value that started in {@code month} (UTC)
 * @param runCount how many such runs
 */
public record MonthlyCheck(MonthlyBudget budget, YearMonth month, double usedKg, int runCount) {

    public MonthlyCheck {
        Objects.requireNonNull(budget, "budget");
        Objects.requireNonNull(month, "month");
    }

    public boolean exceeded() {
        return usedKg > budget.budgetKg();
    }

    public String describe() {
        String[] usedAndBudget = Figures.massAgainst(usedKg, budget.budgetKg());
        return String.format(Locale.ROOT, "%s: %s CO2e used in %s by %d runs, budget %s%s", budget.describe(),
                usedAndBudget[0], month, runCount, usedAndBudget[1], exceeded() ? " — EXCEEDED" : "");
    }
}
