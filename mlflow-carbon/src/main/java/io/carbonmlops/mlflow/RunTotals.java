package io.carbonmlops.mlflow;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.ObjDoubleConsumer;
import java.util.function.ToDoubleFunction;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * Run totals and per-stage figures, derived from the run's record summaries only ({@code carbon/records/*.json}, and
 * the {@code carbon.record.*} tags older versions wrote). Each figure is logged
 * with step = number of records summed and timestamp = the latest record's end, so recomputing after a replay logs
 * an identical point (stored once) and the UI's "latest value" is always the most complete sum.
 */
public final class RunTotals {
    private RunTotals() {}

    /** The records older versions kept in a run's {@code carbon.record.<id>} tags, by record id. */
    public static Map<String, RecordSummary> legacyRecordsIn(Map<String, String> runTags) {
        Map<String, RecordSummary> records = new TreeMap<>();
        runTags.forEach((key, value) -> {
            if (key.startsWith(MetricKeys.RECORD_TAG_PREFIX)) {
                RecordSummary.parse(value).ifPresent(s -> records.put(key.substring(MetricKeys.RECORD_TAG_PREFIX.length()), s));
            }
        });
        return records;
    }

    /** Total and stage metric points for the given records; empty when there are none. */
    public static List<MetricPoint> metrics(Collection<RecordSummary> records) {
        List<MetricPoint> points = new ArrayList<>();
        if (records.isEmpty()) {
            return points;
        }
        addFigures(points, records, MetricKeys::total);
        Map<String, List<RecordSummary>> byStage = records.stream().filter(r -> r.stage().isPresent())
                .collect(Collectors.groupingBy(r -> MetricKeys.segment(r.stage().get()), TreeMap::new, Collectors.toList()));
        byStage.forEach((stage, stageRecords) -> addFigures(points, stageRecords, name -> MetricKeys.stage(stage, name)));
        return points;
    }

    private static void addFigures(List<MetricPoint> points, Collection<RecordSummary> records, UnaryOperator<String> namer) {
        long step = records.size();
        long timestamp = records.stream().mapToLong(RecordSummary::endedMillis).max().orElseThrow();
        ObjDoubleConsumer<String> add = (name, value) -> points.add(new MetricPoint(namer.apply(name), value, timestamp, step));
        add.accept(MetricKeys.ENERGY_KWH, sum(records, RecordSummary::energyKwh));
        // a device kind no record measured gets no figure, never a zero
        addMeasured(add, MetricKeys.GPU_ENERGY_KWH, records, RecordSummary::gpuEnergyKwh);
        addMeasured(add, MetricKeys.CPU_ENERGY_KWH, records, RecordSummary::cpuEnergyKwh);
        addMeasured(add, MetricKeys.RAM_ENERGY_KWH, records, RecordSummary::ramEnergyKwh);
        double facilityKwh = sum(records, RecordSummary::facilityEnergyKwh);
        add.accept(MetricKeys.FACILITY_ENERGY_KWH, facilityKwh);
        add.accept(MetricKeys.DURATION_S, sum(records, RecordSummary::durationSeconds));
        add.accept(MetricKeys.RECORDS, records.size());
        // CO2e only when every record has it: a partial sum would understate the run
        if (records.stream().allMatch(r -> r.co2eKg().isPresent())) {
            double co2eKg = sum(records, r -> r.co2eKg().getAsDouble());
            add.accept(MetricKeys.CO2E_KG, co2eKg);
            add.accept(MetricKeys.CO2E_G, co2eKg * 1000); // small figures read better in MLflow's table in grams
            if (facilityKwh > 0) {
                add.accept(MetricKeys.INTENSITY_G_PER_KWH, co2eKg * 1000.0 / facilityKwh);
            } else {
                records.iterator().next().intensityGramsPerKwh().ifPresent(g -> add.accept(MetricKeys.INTENSITY_G_PER_KWH, g));
            }
        }
        boolean oneCurrency = records.stream().map(RecordSummary::costCurrency).distinct().count() == 1;
        if (oneCurrency && records.stream().allMatch(r -> r.costAmount().isPresent())) {
            add.accept(MetricKeys.COST, sum(records, r -> r.costAmount().getAsDouble()));
        }
        if (oneCurrency && records.stream().allMatch(r -> r.carbonCostAmount().isPresent())) {
            add.accept(MetricKeys.CARBON_COST, sum(records, r -> r.carbonCostAmount().getAsDouble()));
        }
        addInference(add, records);
        List<RecordSummary> shifted = records.stream().filter(r -> r.shiftSavedKg().isPresent()).toList();
        if (!shifted.isEmpty()) { // over the shifted records only: the others had no counterfactual
            add.accept(MetricKeys.SHIFT_SAVED_KG, sum(shifted, r -> r.shiftSavedKg().getAsDouble()));
            add.accept(MetricKeys.SHIFT_RUN_NOW_CO2E_KG, sum(shifted, r -> r.shiftRunNowCo2eKg().orElse(0)));
            add.accept(MetricKeys.SHIFT_WAIT_S, sum(shifted, r -> r.shiftWaitSeconds().orElse(0)));
        }
    }

    /**
     * Per-1k figures over the inference records only (training records in the same run do not dilute them); none
     * when they counted no prediction, and CO2e only when every inference record has it.
     */
    private static void addInference(ObjDoubleConsumer<String> add, Collection<RecordSummary> records) {
        List<RecordSummary> inference = records.stream().filter(r -> r.predictionCount().isPresent()).toList();
        long predictions = inference.stream().mapToLong(r -> r.predictionCount().getAsLong()).sum();
        if (inference.isEmpty()) {
            return;
        }
        add.accept(MetricKeys.INFERENCE_PREDICTIONS, predictions);
        double seconds = sum(inference, RecordSummary::durationSeconds);
        if (seconds > 0) {
            add.accept(MetricKeys.INFERENCE_PREDICTIONS_PER_S, predictions / seconds);
        }
        if (predictions == 0) {
            return;
        }
        double thousands = predictions / 1000.0;
        add.accept(MetricKeys.INFERENCE_ENERGY_J_PER_1K, sum(inference, RecordSummary::facilityEnergyKwh) * 3.6e6
                / thousands);
        if (inference.stream().allMatch(r -> r.co2eKg().isPresent())) {
            add.accept(MetricKeys.INFERENCE_G_PER_1K, sum(inference, r -> r.co2eKg().getAsDouble()) * 1000.0
                    / thousands);
        }
    }

    private static void addMeasured(ObjDoubleConsumer<String> add, String name, Collection<RecordSummary> records,
            Function<RecordSummary, OptionalDouble> figure) {
        List<OptionalDouble> measured = records.stream().map(figure).filter(OptionalDouble::isPresent).toList();
        if (!measured.isEmpty()) {
            add.accept(name, measured.stream().mapToDouble(OptionalDouble::getAsDouble).sum());
        }
    }

    private static double sum(Collection<RecordSummary> records, ToDoubleFunction<RecordSummary> figure) {
        return records.stream().mapToDouble(figure).sum();
    }
}
