package io.carbonmlops.mlflow.gate;

import io.carbonmlops.meter.report.Figures;
import io.carbonmlops.mlflow.gate.policy.MonthlyBudget;
import java.time.YearMonth;
import java.util.Locale;
import java.util.Objects;

/**
 * A monthly budget applied to a decision.
 *
 * @param usedKg     CO2e of the trusted ledger measurements attributed to the budget's team or project that occurred
 *                   in {@code month} (UTC)
 * @param entryCount how many such entries
 */
public record MonthlyCheck(MonthlyBudget budget, YearMonth month, double usedKg, int entryCount) {

    public MonthlyCheck {
        Objects.requireNonNull(budget, "budget");
        Objects.requireNonNull(month, "month");
    }

    public boolean exceeded() {
        return usedKg > budget.budgetKg();
    }

    public String describe() {
        String[] usedAndBudget = Figures.massAgainst(usedKg, budget.budgetKg());
        return String.format(Locale.ROOT, "%s: %s CO2e used in %s by %d ledger entries, budget %s%s",
                budget.describe(), usedAndBudget[0], month, entryCount, usedAndBudget[1],
                exceeded() ? " — EXCEEDED" : "");
    }
}
