package io.carbonmlops.jenkins.agent;

import java.io.Serializable;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What the controller asks an agent to meter: sent over remoting, so only serializable values.
 *
 * @param meterId               unique per step execution; names the measurement window and the journal file
 * @param pue                   power usage effectiveness applied to this window, >= 1.0
 * @param gpus                  GPU selection ("0,2", UUIDs, "all", "none"); null = what CUDA_VISIBLE_DEVICES allows
 * @param environment           the body's variables that decide what is visible (CUDA_VISIBLE_DEVICES,
 *                              NVIDIA_VISIBLE_DEVICES, CARBON_NVML_LIBRARY), overriding the agent's own
 * @param journalDirectory      where the journal goes; null = {@code carbon-mlops/meters} in the agent's temp dir
 * @param snapshotIntervalMillis how often the running totals are appended to the journal
 */
public record MeterRequest(
        String meterId,
        double pue,
        String gpus,
        Map<String, String> environment,
        String journalDirectory,
        long snapshotIntervalMillis) implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final Duration DEFAULT_SNAPSHOT_INTERVAL = Duration.ofSeconds(10);

    public MeterRequest {
        Objects.requireNonNull(meterId, "meterId");
        if (!meterId.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("meter id must be a file-name-safe token, was '" + meterId + "'");
        }
        if (snapshotIntervalMillis <= 0) {
            throw new IllegalArgumentException("snapshot interval must be positive, was " + snapshotIntervalMillis + " ms");
        }
        environment = new TreeMap<>(environment);
    }

    /**
     * A request with the default journal place and interval. Only the variables that decide what the meter sees
     * ({@link #isMeterVariable}) are taken from {@code bodyEnvironment}: the rest of a build's environment (which
     * may hold bound credentials) never travels to the agent with the request.
     */
    public static MeterRequest of(String meterId, double pue, String gpus, Map<String, String> bodyEnvironment) {
        Map<String, String> relevant = new TreeMap<>();
        bodyEnvironment.forEach((name, value) -> {
            if (isMeterVariable(name) && value != null) {
                relevant.put(name, value);
            }
        });
        return new MeterRequest(meterId, pue, gpus, relevant, null, DEFAULT_SNAPSHOT_INTERVAL.toMillis());
    }

    /** GPU visibility ({@code CUDA_VISIBLE_DEVICES}, {@code NVIDIA_VISIBLE_DEVICES}) and the meter's own settings. */
    public static boolean isMeterVariable(String name) {
        return name.equals("CUDA_VISIBLE_DEVICES") || name.equals("NVIDIA_VISIBLE_DEVICES")
                || (name.startsWith("CARBON_") && !name.contains("TOKEN") && !name.contains("PASSWORD"))
                || name.startsWith("FAKE_NVML_");
    }

    public MeterRequest withJournalDirectory(String directory) {
        return new MeterRequest(meterId, pue, gpus, environment, directory, snapshotIntervalMillis);
    }

    public MeterRequest withSnapshotInterval(Duration interval) {
        return new MeterRequest(meterId, pue, gpus, environment, journalDirectory, interval.toMillis());
    }
}
