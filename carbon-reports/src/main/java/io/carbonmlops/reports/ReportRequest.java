package io.carbonmlops.reports;

import io.carbonmlops.ledger.store.GroupBy;
import io.carbonmlops.mlflow.gate.policy.MonthlyBudget;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * What a report covers and how money is put on it.
 *
 * @param from                   first instant covered (inclusive; entries by {@code occurred_at}, runs by start)
 * @param to                     end (exclusive)
 * @param groupBy                one line per value of this dimension
 * @param carbonPricePerTonne    internal carbon price per tonne CO2e (location-based), when given
 * @param electricityPricePerKwh energy price per facility kWh, when given
 * @param currency               of both prices
 * @param budgets                monthly budgets from the gate policy (budget vs actual)
 */
public record ReportRequest(Instant from, Instant to, GroupBy groupBy, OptionalDouble carbonPricePerTonne,
        OptionalDouble electricityPricePerKwh, String currency, List<MonthlyBudget> budgets) {
    public ReportRequest {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(groupBy, "groupBy");
        Objects.requireNonNull(carbonPricePerTonne, "carbonPricePerTonne");
        Objects.requireNonNull(electricityPricePerKwh, "electricityPricePerKwh");
        Objects.requireNonNull(currency, "currency");
        budgets = List.copyOf(budgets);
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("the report period must end after it starts: --from " + from
                    + " --to " + to);
        }
        for (OptionalDouble price : List.of(carbonPricePerTonne, electricityPricePerKwh)) {
            if (price.isPresent() && !(price.getAsDouble() >= 0 && Double.isFinite(price.getAsDouble()))) {
                throw new IllegalArgumentException("prices must be finite and >= 0, was " + price.getAsDouble());
            }
        }
    }

    public static ReportRequest of(Instant from, Instant to, GroupBy groupBy) {
        return new ReportRequest(from, to, groupBy, OptionalDouble.empty(), OptionalDouble.empty(), "EUR", List.of());
    }

    public ReportRequest withPrices(OptionalDouble carbonPerTonne, OptionalDouble electricityPerKwh, String currency) {
        return new ReportRequest(from, to, groupBy, carbonPerTonne, electricityPerKwh, currency, budgets);
    }

    public ReportRequest withBudgets(List<MonthlyBudget> monthly) {
        return new ReportRequest(from, to, groupBy, carbonPricePerTonne, electricityPricePerKwh, currency, monthly);
    }
}
