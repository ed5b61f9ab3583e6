package io.carbonmlops.mlflow;

import com.google.gson.JsonObject;
import io.carbonmlops.meter.DeviceKind;
import io.carbonmlops.meter.DeviceMeasurement;
import io.carbonmlops.meter.Measurement;
import io.carbonmlops.meter.PowerSample;
import io.carbonmlops.meter.report.MeasurementJson;
import io.carbonmlops.meter.report.MeterVersion;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns a {@link CarbonRecord} into the {@link RunWrite} that logs it: power history, tags, report artifacts. */
public final class RunWriteBuilder {
    /** MLflow 3 accepts run tag values up to 8000 characters (longer ones are truncated by the server). */
    static final int MAX_TAG_VALUE_CHARS = 8000;
    static final String FORMULA = "co2e_kg = facility_energy_kwh * intensity_g_per_kwh / 1000; "
            + "facility_energy_kwh = energy_kwh * pue";

    private RunWriteBuilder() {}

    /**
     * @param runStartMillis the run's start: power-history steps are whole seconds since then, so several stages of
     *                       one run draw one continuous curve
     */
    public static RunWrite build(String trackingUri, RunTarget target, long runStartMillis, CarbonRecord record) {
        RecordSummary summary = RecordSummary.of(record);
        String artifactDir = "carbon/" + record.stage().map(MetricKeys::segment).map(s -> s + "-").orElse("")
                + record.recordId();
        Map<String, String> tags = tags(record);
        tags.put(MetricKeys.tag("report"), artifactDir + "/report.html");
        Map<String, String> artifacts = new LinkedHashMap<>();
        artifacts.put(artifactDir + "/measurement.json", measurementJson(record, summary));
        artifacts.put(artifactDir + "/report.html", ReportHtml.render(record, summary, tags));
        record.shift().ifPresent(shift -> artifacts.put(artifactDir + "/shift.json", shift.json()));
        return new RunWrite(record.recordId(), trackingUri, target, powerHistory(record.measurement(), runStartMillis),
                tags, artifacts, summary.toJson(), null, 0);
    }

    static List<MetricPoint> powerHistory(Measurement measurement, long runStartMillis) {
        List<MetricPoint> points = new ArrayList<>();
        long startMillis = measurement.startedAt().toEpochMilli();
        for (DeviceMeasurement device : measurement.devices()) {
            if (device.device().kind() != DeviceKind.GPU) {
                continue;
            }
            String key = MetricKeys.gpuPower(device.device().index());
            for (PowerSample sample : device.powerSeries()) {
                long atMillis = startMillis + Math.round(sample.offsetSeconds() * 1000);
                long step = Math.max(0, Math.floorDiv(atMillis - runStartMillis, 1000));
                points.add(new MetricPoint(key, sample.powerWatts(), atMillis, step));
            }
        }
        return points;
    }

    /** The {@code carbon.*} tags: provenance enough to re-derive {@code carbon/co2e_kg}, and the caller's context. */
    static Map<String, String> tags(CarbonRecord record) {
        Measurement m = record.measurement();
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(MetricKeys.tag("meter_version"), MeterVersion.get());
        tags.put(MetricKeys.tag("pue"), Double.toString(m.pue()));
        tags.put(MetricKeys.tag("formula"), FORMULA);
        for (DeviceMeasurement d : m.devices()) {
            String device = d.device().kind().label() + "_" + d.device().index();
            tags.put(MetricKeys.tag("method." + device), d.method().label()
                    + (d.method().isEstimate() ? " (estimate)" : "") + (d.partial() ? " (partial)" : ""));
            tags.put(MetricKeys.tag("device." + device), d.device().uuid() == null ? d.device().name()
                    : d.device().name() + " " + d.device().uuid());
        }
        record.footprint().ifPresent(f -> {
            tags.put(MetricKeys.tag("zone"), f.zone());
            tags.put(MetricKeys.tag("intensity_g_per_kwh"), Double.toString(f.intensityGramsPerKwh()));
            tags.put(MetricKeys.tag("intensity_source"), f.intensitySource());
            tags.put(MetricKeys.tag("intensity_kind"), f.intensityKind());
            putIfNotEmpty(tags, "intensity_as_of", f.intensityAsOf());
            tags.put(MetricKeys.tag("accounting"), f.accountingKind());
            putIfNotEmpty(tags, "intensity_fallback", f.fallbackReason());
            putIfNotEmpty(tags, "cost_currency", f.costCurrency());
        });
        List<String> warnings = new ArrayList<>(m.warnings());
        if (record.footprint().isEmpty()) {
            warnings.add("no carbon intensity: CO2e not logged (energy only)");
        }
        putIfNotEmpty(tags, "warnings", String.join("; ", warnings));
        record.shift().ifPresent(shift -> shift.tags().forEach((name, value) -> putIfNotEmpty(tags, name, value)));
        record.stage().ifPresent(s -> tags.put(MetricKeys.tag("context.stage"), s));
        record.context().forEach((key, value) -> putIfNotEmpty(tags, "context." + MetricKeys.segment(key), value));
        return tags;
    }

    private static void putIfNotEmpty(Map<String, String> tags, String name, String value) {
        if (value != null && !value.isBlank()) {
            tags.put(MetricKeys.tag(name), value.length() <= MAX_TAG_VALUE_CHARS ? value
                    : value.substring(0, MAX_TAG_VALUE_CHARS - 1) + "…");
        }
    }

    /** The meter's one JSON form of the measurement, plus the record id, stage, carbon figures and context. */
    static String measurementJson(CarbonRecord record, RecordSummary summary) {
        JsonObject json = MeasurementJson.toJsonObject(record.measurement());
        JsonObject mlflow = new JsonObject();
        mlflow.addProperty("record_id", record.recordId());
        record.stage().ifPresent(s -> mlflow.addProperty("stage", s));
        mlflow.add("summary", com.google.gson.JsonParser.parseString(summary.toJson()));
        JsonObject context = new JsonObject();
        record.context().forEach(context::addProperty);
        mlflow.add("context", context);
        record.footprint().ifPresent(f -> {
            JsonObject carbon = new JsonObject();
            carbon.addProperty("co2e_kg", f.co2eKg());
            carbon.addProperty("intensity_g_per_kwh", f.intensityGramsPerKwh());
            carbon.addProperty("zone", f.zone());
            carbon.addProperty("source", f.intensitySource());
            carbon.addProperty("kind", f.intensityKind());
            carbon.addProperty("as_of", f.intensityAsOf());
            carbon.addProperty("accounting", f.accountingKind());
            carbon.addProperty("fallback_reason", f.fallbackReason());
            f.costAmount().ifPresent(c -> carbon.addProperty("cost", c));
            f.carbonCostAmount().ifPresent(c -> carbon.addProperty("carbon_cost", c));
            carbon.addProperty("cost_currency", f.costCurrency());
            mlflow.add("carbon", carbon);
        });
        json.add("mlflow_record", mlflow);
        return MeasurementJson.toJson(json);
    }
}
