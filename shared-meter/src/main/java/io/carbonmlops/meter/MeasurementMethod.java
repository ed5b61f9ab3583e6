package io.carbonmlops.meter;

/**
 * How the energy of one device was obtained. Estimates are never mixed silently with measurements:
 * {@link #isEstimate()} says which kind a figure is.
 */
public enum MeasurementMethod {
    /** NVML {@code nvmlDeviceGetTotalEnergyConsumption}: a hardware counter in millijoules (Volta and newer). */
    NVML_ENERGY_COUNTER("nvml-energy-counter", false, "device"),
    /** NVML {@code nvmlDeviceGetPowerUsage} sampled on a background thread and integrated with trapezoids. */
    NVML_POWER_SAMPLING("nvml-power-sampling", false, "device"),
    /** Linux powercap RAPL {@code energy_uj} counters. */
    RAPL("rapl", false, "package"),
    /** CPU TDP times utilisation from {@code /proc/stat}: an estimate, used where RAPL is unreadable. */
    CPU_TDP_ESTIMATE("cpu-tdp-utilisation-estimate", true, "machine"),
    /** Watts per GB of memory in use: an estimate. */
    RAM_ESTIMATE("ram-watts-per-gb-estimate", true, "machine"),
    /** Nothing could be measured for this device; the measurement's warnings say why. */
    UNAVAILABLE("unavailable", false, "none");

    private final String label;
    private final boolean estimate;
    private final String loadScope;

    MeasurementMethod(String label, boolean estimate, String loadScope) {
        this.label = label;
        this.estimate = estimate;
        this.loadScope = loadScope;
    }

    /**
     * Whose load the figure counts: {@code device} (a GPU, every process on it), {@code package} (a RAPL package,
     * every process on it), {@code machine} (the machine's or VM's whole CPU or memory use, every process's, not
     * only the measured command's), {@code none} (not measured). The JSON's {@code load_scope}.
     */
    public String loadScope() {
        return loadScope;
    }

    /** The stable spelling used in JSON, MLflow tags and reports. */
    public String label() {
        return label;
    }

    public boolean isEstimate() {
        return estimate;
    }
}
