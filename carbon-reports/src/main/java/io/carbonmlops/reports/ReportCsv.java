package io.carbonmlops.reports;

import io.carbonmlops.ledger.EcmaNumbers;
import io.carbonmlops.ledger.LedgerExport;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * The report as CSV: one row per group ({@link #COLUMNS}), RFC 4180 quoting with spreadsheet formulas defused; and
 * the budgets as a second CSV ({@link #BUDGET_COLUMNS}). Numbers are written exactly (shortest round-trip form).
 */
public final class ReportCsv {
    public static final List<String> COLUMNS = List.of("group_by", "group", "from", "to", "records",
            "it_energy_kwh", "facility_energy_kwh", "co2e_location_kg", "co2e_market_kg", "contractual_records",
            "market_basis", "currency", "electricity_cost", "carbon_cost", "estimated_energy_share", "seq_range",
            "intensity_sources", "trusted_records", "unsigned_records", "verification", "shifted_records", "shift_saved_kg",
            "shift_run_now_co2e_kg", "record_kind", "refs");
    public static final List<String> BUDGET_COLUMNS = List.of("tag", "value", "month", "actual_co2e_kg", "budget_kg",
            "used_share", "status", "source");

    private ReportCsv() {}

    public static String lines(CarbonReport report) {
        StringBuilder csv = new StringBuilder(String.join(",", COLUMNS)).append("\r\n");
        ReportRequest request = report.request();
        for (ReportLine line : report.lines()) {
            List<String> row = new ArrayList<>();
            row.add(request.groupBy().label());
            row.add(text(line.group()));
            row.add(request.from().toString());
            row.add(request.to().toString());
            row.add(Long.toString(line.records()));
            row.add(number(line.itEnergyKwh()));
            row.add(number(line.facilityEnergyKwh()));
            row.add(number(line.co2eLocationKg()));
            row.add(number(line.co2eMarketKg()));
            row.add(Long.toString(line.contractualRecords()));
            row.add(text(line.marketBasis()));
            row.add(text(request.currency()));
            row.add(number(line.electricityCost()));
            row.add(number(line.carbonCost()));
            row.add(number(line.estimatedShare()));
            row.add(text(line.seqRange()));
            row.add(text(String.join("; ", line.intensitySources())));
            row.add(Long.toString(line.trustedRecords()));
            row.add(Long.toString(line.unsignedRecords()));
            row.add(text(line.verification()));
            row.add(Long.toString(line.shift().records()));
            row.add(number(line.shift().savedKg()));
            row.add(number(line.shift().runNowCo2eKg()));
            row.add(text(report.recordKind()));
            row.add(text(String.join(" ", line.refs())));
            csv.append(String.join(",", row)).append("\r\n");
        }
        return csv.toString();
    }

    public static String budgets(CarbonReport report) {
        StringBuilder csv = new StringBuilder(String.join(",", BUDGET_COLUMNS)).append("\r\n");
        for (BudgetLine b : report.budgets()) {
            csv.append(String.join(",", List.of(text(b.tag()), text(b.value()), b.month(), number(b.actualKg()),
                    number(b.budgetKg()), Double.isFinite(b.usedShare()) ? number(b.usedShare()) : "",
                    b.over() ? "over" : "within", text(b.source())))).append("\r\n");
        }
        return csv.toString();
    }

    private static String text(String value) {
        return LedgerExport.csvField(value == null ? "" : value);
    }

    private static String number(double value) {
        return EcmaNumbers.toString(value);
    }

    private static String number(OptionalDouble value) {
        return value.isPresent() ? number(value.getAsDouble()) : "";
    }
}
