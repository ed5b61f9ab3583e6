package io.carbonmlops.reports;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.Map;
import java.util.OptionalDouble;

/** The report as one JSON document: period, source, verification, lines, budgets and chart data. */
public final class ReportJson {
    private ReportJson() {}

    public static JsonObject toJson(CarbonReport report) {
        ReportRequest request = report.request();
        JsonObject json = new JsonObject();
        json.addProperty("format_version", 1);
        json.addProperty("generated_at", report.generatedAt().toString());
        json.addProperty("from", request.from().toString());
        json.addProperty("to", request.to().toString());
        json.addProperty("group_by", request.groupBy().label());
        json.addProperty("source", report.source());
        json.addProperty("record_kind", report.recordKind());
        json.addProperty("currency", request.currency());
        put(json, "carbon_price_per_tonne", request.carbonPricePerTonne());
        put(json, "electricity_price_per_kwh", request.electricityPricePerKwh());
        JsonObject verification = new JsonObject();
        verification.addProperty("verified", report.verification().verified());
        verification.addProperty("summary", report.verification().summary());
        report.verification().breakSeq().ifPresent(seq -> verification.addProperty("break_seq", seq));
        JsonArray details = new JsonArray();
        report.verification().details().forEach(details::add);
        verification.add("details", details);
        json.add("verification", verification);
        JsonObject totals = new JsonObject();
        totals.addProperty("records", report.records());
        totals.addProperty("it_energy_kwh", report.itEnergyKwh());
        totals.addProperty("facility_energy_kwh", report.facilityEnergyKwh());
        totals.addProperty("co2e_location_kg", report.co2eLocationKg());
        totals.addProperty("co2e_market_kg", report.co2eMarketKg());
        totals.addProperty("measured_energy_kwh", report.measuredKwh());
        totals.addProperty("estimated_energy_kwh", report.estimatedKwh());
        totals.add("shift", shift(report.shift()));
        json.add("totals", totals);
        JsonArray lines = new JsonArray();
        report.lines().forEach(line -> lines.add(line(line)));
        json.add("lines", lines);
        JsonArray budgets = new JsonArray();
        for (BudgetLine b : report.budgets()) {
            JsonObject budget = new JsonObject();
            budget.addProperty("tag", b.tag());
            budget.addProperty("value", b.value());
            budget.addProperty("month", b.month());
            budget.addProperty("actual_co2e_kg", b.actualKg());
            budget.addProperty("budget_kg", b.budgetKg());
            budget.addProperty("status", b.over() ? "over" : "within");
            budget.addProperty("source", b.source());
            budgets.add(budget);
        }
        json.add("budgets", budgets);
        JsonObject monthly = new JsonObject();
        report.monthlyByTeam().forEach((month, teams) -> {
            JsonObject perTeam = new JsonObject();
            teams.forEach(perTeam::addProperty);
            monthly.add(month, perTeam);
        });
        json.add("monthly_co2e_kg_by_team", monthly);
        JsonArray models = new JsonArray();
        for (Map.Entry<String, Double> model : report.topModels()) {
            JsonObject m = new JsonObject();
            m.addProperty("model", model.getKey());
            m.addProperty("co2e_location_kg", model.getValue());
            models.add(m);
        }
        json.add("top_models", models);
        return json;
    }

    public static String write(CarbonReport report) {
        return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(toJson(report)) + "\n";
    }

    private static JsonObject line(ReportLine line) {
        JsonObject json = new JsonObject();
        json.addProperty("group", line.group());
        json.addProperty("records", line.records());
        json.addProperty("it_energy_kwh", line.itEnergyKwh());
        json.addProperty("facility_energy_kwh", line.facilityEnergyKwh());
        json.addProperty("co2e_location_kg", line.co2eLocationKg());
        json.addProperty("co2e_market_kg", line.co2eMarketKg());
        json.addProperty("contractual_records", line.contractualRecords());
        json.addProperty("market_basis", line.marketBasis());
        put(json, "electricity_cost", line.electricityCost());
        put(json, "carbon_cost", line.carbonCost());
        put(json, "estimated_energy_share", line.estimatedShare());
        json.addProperty("seq_range", line.seqRange());
        JsonArray sources = new JsonArray();
        line.intensitySources().forEach(sources::add);
        json.add("intensity_sources", sources);
        json.addProperty("trusted_records", line.trustedRecords());
        json.addProperty("unsigned_records", line.unsignedRecords());
        json.addProperty("verification", line.verification());
        json.add("shift", shift(line.shift()));
        JsonArray refs = new JsonArray();
        line.refs().forEach(refs::add);
        json.add("refs", refs);
        return json;
    }

    /** What carbon-aware shifts saved: records, saved kg, run-now kg, and the saved share when any. */
    private static JsonObject shift(ReportLine.Shift shift) {
        JsonObject json = new JsonObject();
        json.addProperty("records", shift.records());
        json.addProperty("saved_kg", shift.savedKg());
        json.addProperty("run_now_co2e_kg", shift.runNowCo2eKg());
        put(json, "saved_share", shift.savedShare());
        return json;
    }

    private static void put(JsonObject json, String field, OptionalDouble value) {
        value.ifPresent(v -> json.addProperty(field, v));
    }
}
