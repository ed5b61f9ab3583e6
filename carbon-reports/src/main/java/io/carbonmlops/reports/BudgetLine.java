package io.carbonmlops.reports;

/**
 * A monthly budget of the gate policy against the month's actual location-based CO2e (what the gate counts).
 *
 * @param tag      the budget's tag ({@code carbon.team} or {@code carbon.project})
 * @param value    the team or project
 * @param month    {@code 2026-11}
 * @param actualKg location-based CO2e in the month
 * @param budgetKg the budget
 * @param source   where the policy states it
 */
public record BudgetLine(String tag, String value, String month, double actualKg, double budgetKg, String source) {
    /**
     * The MLflow run tag a budget's team or project is read from when a report falls back to MLflow
     * ({@code carbon.team}, {@code carbon.project}); it also labels the budget's lines.
     */
    public static String tagOf(io.carbonmlops.mlflow.gate.policy.MonthlyBudget budget) {
        return "carbon." + budget.dimension().key();
    }

    public boolean over() {
        return actualKg > budgetKg;
    }

    /** Actual as a share of the budget (1.0 = all of it); infinite for a zero budget with use. */
    public double usedShare() {
        return budgetKg > 0 ? actualKg / budgetKg : actualKg > 0 ? Double.POSITIVE_INFINITY : 0;
    }
}
