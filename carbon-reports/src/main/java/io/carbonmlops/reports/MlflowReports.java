package io.carbonmlops.reports;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.carbonmlops.ledger.store.GroupBy;
import io.carbonmlops.mlflow.MetricKeys;
import io.carbonmlops.mlflow.client.MlflowClient;
import io.carbonmlops.mlflow.gate.policy.MonthlyBudget;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * Builds an UNVERIFIED {@link CarbonReport} from MLflow runs, for when there is no ledger: the runs that started in
 * the period and carry {@code carbon/energy_kwh}, grouped by run tags ({@link #TAGS}). MLflow metrics and tags can be
 * changed by anything with write access, so the report says so on every line.
 */
public final class MlflowReports {
    /** The run tag each grouping reads (carbon.team and carbon.project are the tags the gate's budgets use). */
    static final Map<GroupBy, String> TAGS = Map.of(GroupBy.TEAM, "carbon.team", GroupBy.PROJECT, "carbon.project",
            GroupBy.MODEL, "carbon.model_name", GroupBy.VERSION, "carbon.model_name", GroupBy.PIPELINE,
            "carbon.pipeline_id", GroupBy.ZONE, "carbon.zone", GroupBy.AGENT, "carbon.context.node");
    private static final int PAGE = 1000;
    private static final String UNVERIFIED = "unverified (MLflow run metrics and tags)";

    private final MlflowClient client;
    private final List<String> experimentNames;
    private final Clock clock;

    /** @param experimentNames the experiments to read; empty: every active experiment */
    public MlflowReports(MlflowClient client, List<String> experimentNames, Clock clock) {
        this.client = client;
        this.experimentNames = List.copyOf(experimentNames);
        this.clock = clock;
    }

    /** One run's carbon figures. */
    record RunFigures(String runId, Instant start, Map<String, Double> metrics, Map<String, String> tags) {
        double metric(String name) {
            return metrics.getOrDefault(MetricKeys.total(name), 0.0);
        }

        String group(GroupBy groupBy) {
            String value = tags.get(TAGS.get(groupBy));
            if (groupBy == GroupBy.VERSION && value != null) {
                value = value + "@" + tags.getOrDefault("carbon.model_version", "");
            }
            return value == null || value.isBlank() ? ReportLine.UNATTRIBUTED : value;
        }

        String month() {
            return YearMonth.from(start.atOffset(ZoneOffset.UTC)).toString();
        }

        /** IT energy of the device kinds whose method tag says estimate. */
        double estimatedKwh() {
            double kwh = 0;
            for (String kind : List.of("gpu", "cpu", "ram")) {
                boolean estimated = tags.entrySet().stream().anyMatch(t -> t.getKey().startsWith("carbon.method."
                        + kind + "_") && t.getValue().contains("(estimate)"));
                if (estimated) {
                    kwh += metric(kind + "_energy_kwh");
                }
            }
            return kwh;
        }
    }

    public CarbonReport build(ReportRequest request) {
        List<RunFigures> runs = runs(request);
        Map<String, List<RunFigures>> groups = new TreeMap<>();
        runs.forEach(run -> groups.computeIfAbsent(run.group(request.groupBy()), g -> new ArrayList<>()).add(run));
        List<ReportLine> lines = new ArrayList<>();
        groups.forEach((group, members) -> lines.add(line(request, group, members)));
        lines.sort(Comparator.comparingDouble(ReportLine::co2eLocationKg).reversed().thenComparing(ReportLine::group));
        Map<String, Map<String, Double>> monthly = new TreeMap<>();
        runs.forEach(run -> monthly.computeIfAbsent(run.month(), m -> new TreeMap<>())
                .merge(run.group(GroupBy.TEAM), run.metric(MetricKeys.CO2E_KG), Double::sum));
        Map<String, Double> models = new LinkedHashMap<>();
        runs.stream().filter(run -> !run.group(GroupBy.MODEL).equals(ReportLine.UNATTRIBUTED))
                .forEach(run -> models.merge(run.group(GroupBy.MODEL), run.metric(MetricKeys.CO2E_KG), Double::sum));
        double it = runs.stream().mapToDouble(r -> r.metric(MetricKeys.ENERGY_KWH)).sum();
        double estimated = runs.stream().mapToDouble(RunFigures::estimatedKwh).sum();
        return new CarbonReport(request, clock.instant(), "MLflow " + client.config().trackingUri()
                + (experimentNames.isEmpty() ? " (all experiments)" : " experiments " + experimentNames),
                Verification.unverified("read from MLflow run metrics and tags, which anything with write access to "
                        + "MLflow can change; no ledger was given (carbon report --ledger), so nothing is verified"),
                lines, budgets(request, runs), monthly, models.entrySet().stream()
                        .sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(10)
                        .map(e -> Map.entry(e.getKey(), e.getValue())).toList(), it - estimated, estimated,
                "MLflow runs");
    }

    private ReportLine line(ReportRequest request, String group, List<RunFigures> runs) {
        double it = runs.stream().mapToDouble(r -> r.metric(MetricKeys.ENERGY_KWH)).sum();
        double facility = runs.stream().mapToDouble(r -> r.metric(MetricKeys.FACILITY_ENERGY_KWH)).sum();
        double co2e = runs.stream().mapToDouble(r -> r.metric(MetricKeys.CO2E_KG)).sum();
        double estimated = runs.stream().mapToDouble(RunFigures::estimatedKwh).sum();
        List<RunFigures> shifted = runs.stream().filter(r -> r.metrics().containsKey(MetricKeys.total(
                MetricKeys.SHIFT_SAVED_KG))).toList();
        ReportLine.Shift shift = new ReportLine.Shift(shifted.size(), shifted.stream().mapToDouble(r -> r.metric(
                MetricKeys.SHIFT_SAVED_KG)).sum(), shifted.stream().mapToDouble(r -> r.metric(
                MetricKeys.SHIFT_RUN_NOW_CO2E_KG)).sum());
        Map<String, Long> sources = new LinkedHashMap<>();
        runs.forEach(r -> sources.merge(source(r), 1L, Long::sum));
        List<String> sourceText = sources.entrySet().stream().map(e -> e.getKey() + ", " + e.getValue() + " runs")
                .toList();
        return new ReportLine(group, runs.size(), it, facility, co2e, co2e, 0,
                "no contractual factor in MLflow records: location-based grid average used",
                Prices.electricity(request, facility), Prices.carbon(request, co2e),
                it > 0 ? OptionalDouble.of(estimated / it) : OptionalDouble.empty(),
                runs.stream().map(RunFigures::runId).toList(), "", sourceText, 0, 0, UNVERIFIED, shift);
    }

    private static String source(RunFigures run) {
        String source = run.tags().get("carbon.intensity_source");
        if (source == null) {
            return "no intensity (energy only)";
        }
        String asOf = run.tags().getOrDefault("carbon.intensity_as_of", "");
        return run.tags().getOrDefault("carbon.zone", "?") + ": " + source + " ("
                + run.tags().getOrDefault("carbon.intensity_kind", "?") + ", "
                + (asOf.length() >= 4 ? asOf.substring(0, 4) : "?") + ")";
    }

    /** Budgets judged as the gate judges them on MLflow: runs tagged {@code tag = value} that started in the month. */
    private static List<BudgetLine> budgets(ReportRequest request, List<RunFigures> runs) {
        List<BudgetLine> lines = new ArrayList<>();
        for (MonthlyBudget budget : request.budgets()) {
            Map<String, Double> perMonth = new TreeMap<>();
            Months.between(request.from(), request.to()).forEach(m -> perMonth.put(m, 0.0));
            runs.stream().filter(r -> budget.value().equals(r.tags().get(BudgetLine.tagOf(budget))))
                    .forEach(r -> perMonth.merge(r.month(), r.metric(MetricKeys.CO2E_KG), Double::sum));
            perMonth.forEach((month, kg) -> lines.add(new BudgetLine(BudgetLine.tagOf(budget), budget.value(), month, kg,
                    budget.budgetKg(), budget.source().toString())));
        }
        return lines;
    }

    private List<RunFigures> runs(ReportRequest request) {
        JsonObject search = new JsonObject();
        JsonArray ids = new JsonArray();
        experimentIds().forEach(ids::add);
        if (ids.isEmpty()) {
            return List.of();
        }
        search.add("experiment_ids", ids);
        search.addProperty("run_view_type", "ACTIVE_ONLY");
        search.addProperty("filter", "attributes.start_time >= " + request.from().toEpochMilli()
                + " AND attributes.start_time < " + request.to().toEpochMilli());
        List<RunFigures> runs = new ArrayList<>();
        client.forEachPage("runs/search", search, "runs", PAGE, run -> {
            figures(run).filter(r -> r.metrics().containsKey(MetricKeys.total(MetricKeys.ENERGY_KWH)))
                    .ifPresent(runs::add);
            return true;
        });
        return runs;
    }

    private List<String> experimentIds() {
        List<String> ids = new ArrayList<>();
        if (experimentNames.isEmpty()) {
            JsonObject search = new JsonObject();
            search.addProperty("view_type", "ACTIVE_ONLY");
            client.forEachPage("experiments/search", search, "experiments", PAGE, experiment -> {
                ids.add(experiment.get("experiment_id").getAsString());
                return true;
            });
            return ids;
        }
        for (String name : experimentNames) {
            ids.add(client.get("experiments/get-by-name", Map.of("experiment_name", name))
                    .getAsJsonObject("experiment").get("experiment_id").getAsString());
        }
        return ids;
    }

    private static Optional<RunFigures> figures(JsonObject run) {
        JsonObject info = run.getAsJsonObject("info");
        JsonObject data = run.has("data") ? run.getAsJsonObject("data") : new JsonObject();
        Map<String, Double> metrics = new HashMap<>();
        Map<String, String> tags = new HashMap<>();
        for (JsonElement m : array(data, "metrics")) {
            metrics.put(m.getAsJsonObject().get("key").getAsString(), m.getAsJsonObject().get("value").getAsDouble());
        }
        for (JsonElement t : array(data, "tags")) {
            JsonObject tag = t.getAsJsonObject();
            tags.put(tag.get("key").getAsString(), tag.has("value") ? tag.get("value").getAsString() : "");
        }
        if (!info.has("start_time")) {
            return Optional.empty();
        }
        return Optional.of(new RunFigures(info.get("run_id").getAsString(),
                Instant.ofEpochMilli(info.get("start_time").getAsLong()), metrics, tags));
    }

    private static JsonArray array(JsonObject json, String field) {
        return json.has(field) && json.get(field).isJsonArray() ? json.getAsJsonArray(field) : new JsonArray();
    }
}
