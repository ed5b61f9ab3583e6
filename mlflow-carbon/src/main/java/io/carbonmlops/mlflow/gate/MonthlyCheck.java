package io.carbonmlops.mlflow.gate;

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
        return String.format(Locale.ROOT, "%s: %.3f kg used in %s by %d runs, budget %.3f kg%s", budget.describe(),
                usedKg, month, runCount, budget.budgetKg(), exceeded() ? " — EXCEEDED" : "");
    }
}
