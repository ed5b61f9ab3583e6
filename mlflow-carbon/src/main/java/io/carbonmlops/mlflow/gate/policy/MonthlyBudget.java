package io.carbonmlops.mlflow.gate.policy;

import java.util.Objects;

/**
 * A team or project budget per calendar month (UTC): the CO2e of all runs tagged {@code tag = value} that started in
 * the month. A promotion whose source run carries the tag is refused once the month's total exceeds the budget.
 *
 * @param tag      run tag key, e.g. {@code carbon.team}
 * @param value    tag value, e.g. {@code vision}
 * @param budgetKg kg CO2e per calendar month
 * @param source   where it was written
 */
public record MonthlyBudget(String tag, String value, double budgetKg, PolicySource source) {

    public MonthlyBudget {
        Objects.requireNonNull(tag, "tag");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(source, "source");
        if (!(budgetKg >= 0) || Double.isInfinite(budgetKg)) {
            throw new IllegalArgumentException("monthly budget must be a finite number of kg >= 0, was " + budgetKg);
        }
    }

    public String describe() {
        return "monthly budget " + tag + "=" + value + " (" + source + ")";
    }
}
