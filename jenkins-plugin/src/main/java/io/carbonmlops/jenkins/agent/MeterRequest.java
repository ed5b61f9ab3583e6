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

    public static MeterRequest of(String meterId, double pue, String gpus, Map<String, String> environment) {
        return new MeterRequest(meterId, pue, gpus, environment, null, DEFAULT_SNAPSHOT_INTERVAL.toMillis());
    }

    public MeterRequest withJournalDirectory(String directory) {
        return new MeterRequest(meterId, pue, gpus, environment, directory, snapshotIntervalMillis);
    }

    public MeterRequest withSnapshotInterval(Duration interval) {
        return new MeterRequest(meterId, pue, gpus, environment, journalDirectory, interval.toMillis());
    }
}
