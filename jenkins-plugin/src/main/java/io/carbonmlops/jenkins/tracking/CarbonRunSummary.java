package io.carbonmlops.jenkins.tracking;

import io.carbonmlops.meter.Measurement;
import io.carbonmlops.meter.carbon.CarbonFootprint;
import io.carbonmlops.meter.report.Figures;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * One tracked block as the build page shows it. A plain class with simple fields (not a record) because Jenkins
 * persists it in build.xml with XStream; figures that could not be obtained are null, never zero.
 */
public final class CarbonRunSummary implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String label;
    private final String node;
    private final String outcome;
    private final Double facilityEnergyKwh;
    private final Double co2eKg;
    private final Double intensityGramsPerKwh;
    private final String zone;
    private final String intensitySource;
    private final String intensityKind;
    private final String mlflowRunId;
    private final String mlflowRunUrl;
    private final String delivery;
    private final List<String> warnings;

    @SuppressWarnings("checkstyle:ParameterNumber")
    CarbonRunSummary(String label, String node, String outcome, Double facilityEnergyKwh, Double co2eKg,
            Double intensityGramsPerKwh, String zone, String intensitySource, String intensityKind, String mlflowRunId,
            String mlflowRunUrl, String delivery, List<String> warnings) {
        this.label = label;
        this.node = node;
        this.outcome = outcome;
        this.facilityEnergyKwh = facilityEnergyKwh;
        this.co2eKg = co2eKg;
        this.intensityGramsPerKwh = intensityGramsPerKwh;
        this.zone = zone;
        this.intensitySource = intensitySource;
        this.intensityKind = intensityKind;
        this.mlflowRunId = mlflowRunId;
        this.mlflowRunUrl = mlflowRunUrl;
        this.delivery = delivery;
        this.warnings = new ArrayList<>(warnings);
    }

    /** Summarizes what is known; any argument but the first three may be null when that part failed. */
    public static CarbonRunSummary of(String label, BuildInfo build, BodyOutcome outcome, Measurement measurement,
            CarbonFootprint footprint, StartedRun run, MlflowRuns.Delivery delivery, List<String> problems) {
        List<String> warnings = new ArrayList<>(problems);
        if (measurement != null) {
            warnings.addAll(measurement.warnings());
        }
        if (footprint != null) {
            warnings.addAll(footprint.warnings());
        }
        return new CarbonRunSummary(label, build.node(), outcome.label(),
                measurement == null ? null : Measurement.joulesToKwh(measurement.facilityEnergyJoules()),
                footprint == null ? null : footprint.co2eKg(),
                footprint == null ? null : footprint.intensity().gramsPerKwh(),
                footprint == null ? null : footprint.intensity().zone(),
                footprint == null ? null : footprint.intensity().source(),
                footprint == null ? null : footprint.intensity().kind().label(),
                run == null ? null : run.runId(),
                run == null ? null : run.runUrl(),
                delivery == null ? "not logged" : delivery.label(),
                warnings);
    }

    public String getLabel() {
        return label;
    }

    public String getNode() {
        return node;
    }

    public String getOutcome() {
        return outcome;
    }

    public Double getFacilityEnergyKwh() {
        return facilityEnergyKwh;
    }

    public Double getCo2eKg() {
        return co2eKg;
    }

    public Double getIntensityGramsPerKwh() {
        return intensityGramsPerKwh;
    }

    public String getZone() {
        return zone;
    }

    public String getIntensitySource() {
        return intensitySource;
    }

    public String getIntensityKind() {
        return intensityKind;
    }

    public String getMlflowRunId() {
        return mlflowRunId;
    }

    public String getMlflowRunUrl() {
        return mlflowRunUrl;
    }

    public String getDelivery() {
        return delivery;
    }

    public List<String> getWarnings() {
        return List.copyOf(warnings);
    }

    /** One line for the build log, e.g. {@code 12.3 Wh, 4.5 g CO2e (DE, 366 g/kWh, yearly-average) → MLflow run abc (logged)}. */
    public String describe() {
        StringBuilder line = new StringBuilder(label).append(": ");
        line.append(facilityEnergyKwh == null ? "energy unknown" : Figures.energyKwh(facilityEnergyKwh));
        if (co2eKg != null) {
            line.append(String.format(java.util.Locale.ROOT, ", %s (%s, %s g/kWh, %s)", Figures.co2e(co2eKg), zone,
                    Figures.number(intensityGramsPerKwh, 4), intensityKind));
        }
        line.append(", body ").append(outcome);
        if (mlflowRunId != null) {
            line.append(" → MLflow run ").append(mlflowRunId).append(" (").append(delivery).append(")");
        }
        return line.toString();
    }
}
