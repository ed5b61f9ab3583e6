package io.carbonmlops.reports;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A carbon report: per-group lines, monthly budgets against actuals, chart data, and how it was verified.
 *
 * @param request       what was asked
 * @param generatedAt   when it was made
 * @param source        where the records came from ({@code ledger …} or {@code MLflow …}), without credentials
 * @param verification  the verification result (an MLflow report is always unverified)
 * @param lines         one per group, largest location-based CO2e first
 * @param budgets       monthly budgets vs actual
 * @param monthlyByTeam location-based kg per month, per team (a chart)
 * @param topModels     location-based kg per model, largest first (a chart)
 * @param measuredKwh   IT energy from measured devices (counters)
 * @param estimatedKwh  IT energy from estimated devices
 * @param recordKind    {@code ledger entries} or {@code MLflow runs}: what {@link ReportLine#refs()} name
 */
public record CarbonReport(ReportRequest request, Instant generatedAt, String source, Verification verification,
        List<ReportLine> lines, List<BudgetLine> budgets, Map<String, Map<String, Double>> monthlyByTeam,
        List<Map.Entry<String, Double>> topModels, double measuredKwh, double estimatedKwh, String recordKind) {
    public CarbonReport {
        Objects.requireNonNull(request, "request");
        lines = List.copyOf(lines);
        budgets = List.copyOf(budgets);
        monthlyByTeam = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(monthlyByTeam));
        topModels = List.copyOf(topModels);
    }

    public long records() {
        return lines.stream().mapToLong(ReportLine::records).sum();
    }

    public double co2eLocationKg() {
        return lines.stream().mapToDouble(ReportLine::co2eLocationKg).sum();
    }

    public double co2eMarketKg() {
        return lines.stream().mapToDouble(ReportLine::co2eMarketKg).sum();
    }

    public double itEnergyKwh() {
        return lines.stream().mapToDouble(ReportLine::itEnergyKwh).sum();
    }

    public double facilityEnergyKwh() {
        return lines.stream().mapToDouble(ReportLine::facilityEnergyKwh).sum();
    }

    /** What carbon-aware shifts saved, over every line. */
    public ReportLine.Shift shift() {
        return lines.stream().map(ReportLine::shift).reduce(ReportLine.Shift.NONE, ReportLine.Shift::plus);
    }
}
