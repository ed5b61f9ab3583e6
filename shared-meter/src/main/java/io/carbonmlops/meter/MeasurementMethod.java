package io.carbonmlops.meter;

/**
 * How the energy of one device was obtained. Estimates are never mixed silently with measurements:
 * {@link #isEstimate()} says which kind a figure is.
 */
public enum MeasurementMethod {
    /** NVML {@code nvmlDeviceGetTotalEnergyConsumption}: a hardware counter in millijoules (Volta and newer). */
    NVML_ENERGY_COUNTER("nvml-energy-counter", false),
    /** NVML {@code nvmlDeviceGetPowerUsage} sampled on a background thread and integrated with trapezoids. */
    NVML_POWER_SAMPLING("nvml-power-sampling", false),
    /** Linux powercap RAPL {@code energy_uj} counters. */
    RAPL("rapl", false),
    /** CPU TDP times utilisation from {@code /proc/stat}: an estimate, used where RAPL is unreadable. */
    CPU_TDP_ESTIMATE("cpu-tdp-utilisation-estimate", true),
    /** Watts per GB of memory in use: an estimate. */
    RAM_ESTIMATE("ram-watts-per-gb-estimate", true),
    /** Nothing could be measured for this device; the measurement's warnings say why. */
    UNAVAILABLE("unavailable", false);

    private final String label;
    private final boolean estimate;

    MeasurementMethod(String label, boolean estimate) {
        this.label = label;
        this.estimate = estimate;
    }

    /** The stable spelling used in JSON, MLflow tags and reports. */
    public String label() {
        return label;
    }

    public boolean isEstimate() {
        return estimate;
    }
}
