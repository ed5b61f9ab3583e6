package io.carbonmlops.mlflow.gate.policy;

import java.util.Locale;
import java.util.Objects;

/**
 * A team or project budget per calendar month (UTC): the CO2e of all trusted ledger measurements attributed to
 * {@code team: value} (or {@code project: value}) that occurred in the month. A promotion whose source runs' trusted
 * entries carry that team or project is refused once the month's total exceeds the budget.
 *
 * @param dimension team or project, as recorded in the entries' attribution
 * @param value     e.g. {@code vision}
 * @param budgetKg  kg CO2e per calendar month
 * @param source    where it was written
 */
public record MonthlyBudget(Dimension dimension, String value, double budgetKg, PolicySource source) {

    /** Which attribution field a monthly budget groups by. */
    public enum Dimension {
        TEAM, PROJECT;

        /** {@code team} or {@code project}: the policy key and the attribution field. */
        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public MonthlyBudget {
        Objects.requireNonNull(dimension, "dimension");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(source, "source");
        if (!(budgetKg >= 0) || Double.isInfinite(budgetKg)) {
            throw new IllegalArgumentException("monthly budget must be a finite number of kg >= 0, was " + budgetKg);
        }
    }

    /** {@code team=vision}. */
    public String label() {
        return dimension.key() + "=" + value;
    }

    public String describe() {
        return "monthly budget " + label() + " (" + source + ")";
    }
}
