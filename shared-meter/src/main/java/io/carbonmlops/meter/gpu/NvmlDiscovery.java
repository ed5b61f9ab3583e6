package io.carbonmlops.meter.gpu;

import io.carbonmlops.meter.DeviceId;
import io.carbonmlops.meter.DeviceKind;
import io.carbonmlops.meter.DeviceStatus;
import io.carbonmlops.meter.EnergySource;
import io.carbonmlops.meter.MeasurementMethod;
import io.carbonmlops.meter.MeterClock;
import io.carbonmlops.meter.MeterConfig;
import io.carbonmlops.meter.SourceDiscovery;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds the GPUs to measure and opens one {@link EnergySource} per GPU: the NVML energy counter where the GPU has
 * one, else sampled and integrated power. Never throws: a missing library or driver, a GPU without permission, a
 * GPU lost during discovery become a {@link DeviceStatus} with method {@code UNAVAILABLE} and a warning naming
 * the device (or {@code gpu (NVML)} for the backend as a whole), the cause and the remedy.
 *
 * <p>{@value #METHOD_ENV}{@code =nvml-power-sampling} in the environment makes every GPU use power sampling even
 * where it has a counter: a diagnostic, used to compare both methods on one GPU (bench/gpu-check.sh).
 *
 * <p>MIG: NVML reports power and energy per board only. A GPU in MIG mode is measured as a whole board, with a
 * warning: the attribution rule is "the whole board's energy goes to this measurement", which over-counts
 * when other MIG instances on the board run other work at the same time.
 */
public final class NvmlDiscovery {
    /** Environment variable that forces power sampling ({@code nvml-power-sampling}) for comparisons. */
    public static final String METHOD_ENV = "CARBON_NVML_METHOD";
    private static final DeviceId BACKEND = new DeviceId(DeviceKind.GPU, -1, null, "NVML");

    private final MeterConfig config;
    private final Map<String, String> env;
    private final MeterClock clock;
    private final List<EnergySource> sources = new ArrayList<>();
    private final List<DeviceStatus> statuses = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();

    private NvmlDiscovery(MeterConfig config, Map<String, String> env, MeterClock clock) {
        this.config = config;
        this.env = env;
        this.clock = clock;
    }

    public static SourceDiscovery discover(MeterConfig config, Map<String, String> env, MeterClock clock) {
        NvmlDiscovery discovery = new NvmlDiscovery(config, env, clock);
        try {
            discovery.run();
        } catch (RuntimeException | LinkageError e) {
            discovery.sources.forEach(EnergySource::close);
            discovery.sources.clear();
            discovery.unavailable(BACKEND, "GPU discovery failed unexpectedly (" + e + "); no GPU is measured");
        }
        return new SourceDiscovery(discovery.sources, discovery.statuses, discovery.warnings);
    }

    /** The library to load: the configured path, else {@code CARBON_NVML_LIBRARY}, else the loader's default. */
    static String libraryLocation(MeterConfig config, Map<String, String> env) {
        String fromEnv = env.get(NvmlLibrary.LIBRARY_ENV);
        return config.nvmlLibrary().map(Path::toString)
                .orElse(fromEnv != null && !fromEnv.isBlank() ? fromEnv : NvmlLibrary.DEFAULT_NAME);
    }

    private void run() {
        GpuSelection selection = GpuSelection.from(config.gpuSelection(), env);
        warnings.addAll(selection.parseWarnings());
        String method = env.get(METHOD_ENV);
        if (method != null && !method.isBlank() && !forcesSampling()) {
            warnings.add(METHOD_ENV + "=" + method + " is not " + MeasurementMethod.NVML_POWER_SAMPLING.label()
                    + " (the only method it can force); ignored");
        }
        if (selection.isNone()) {
            statuses.add(new DeviceStatus(BACKEND, MeasurementMethod.UNAVAILABLE,
                    "no GPU measured: " + selection.origin() + " selects none", ""));
            return;
        }
        NvmlSession session;
        try {
            session = NvmlLibrary.load(libraryLocation(config, env)).openSession();
        } catch (NvmlException e) {
            String detail = "GPUs not measured: " + e.getMessage() + remedy(e);
            if (e.result() == NvmlReturn.ERROR_LIBRARY_NOT_FOUND) {
                unavailable(BACKEND, detail, "not measured: no NVML library (no NVIDIA driver here); "
                        + NvmlLibrary.LIBRARY_ENV + " names one, --gpus none skips GPUs");
            } else {
                unavailable(BACKEND, detail);
            }
            return;
        }
        try {
            discoverDevices(session, selection);
        } finally {
            session.release(); // the opened devices hold their own share
        }
    }

    private void discoverDevices(NvmlSession session, GpuSelection selection) {
        int count;
        try {
            count = session.deviceCount();
        } catch (NvmlException e) {
            unavailable(BACKEND, "GPUs not measured: " + e.getMessage() + remedy(e));
            return;
        }
        if (count == 0) {
            unavailable(BACKEND, "GPUs not measured: NVML (driver " + driverVersion(session) + ") found no GPU");
            return;
        }
        Map<Integer, NvmlDevice> opened = new HashMap<>();
        Map<Integer, NvmlException> failed = new HashMap<>();
        List<GpuSelection.Candidate> candidates = new ArrayList<>();
        for (int index = 0; index < count; index++) {
            candidates.add(candidate(session, index, opened, failed));
        }
        try {
            Set<Integer> chosen = selection.select(candidates, warnings);
            if (chosen.isEmpty()) {
                // The selection's warnings name each entry; this row keeps `carbon devices` from showing no GPU at all.
                statuses.add(new DeviceStatus(BACKEND, MeasurementMethod.UNAVAILABLE, "no GPU measured: "
                        + selection.origin() + " matches none of the " + count + " GPUs NVML sees"));
            }
            String driver = driverVersion(session);
            for (GpuSelection.Candidate candidate : candidates) {
                int index = candidate.index();
                if (chosen.contains(index) && failed.containsKey(index)) {
                    unavailable(new DeviceId(DeviceKind.GPU, index, null, "NVML index " + index),
                            "skipped: " + failed.get(index).getMessage() + remedy(failed.get(index)));
                } else if (chosen.contains(index)) {
                    openSource(opened.remove(index), candidate.uuid(), driver);
                }
            }
        } finally {
            opened.values().forEach(NvmlDevice::close); // GPUs not selected
        }
    }

    private static GpuSelection.Candidate candidate(NvmlSession session, int index, Map<Integer, NvmlDevice> opened,
            Map<Integer, NvmlException> failed) {
        NvmlDevice device = null;
        try {
            device = session.device(index);
            String uuid = device.uuid();
            opened.put(index, device);
            return new GpuSelection.Candidate(index, uuid);
        } catch (NvmlException e) {
            if (device != null) {
                device.close();
            }
            failed.put(index, e);
            return new GpuSelection.Candidate(index, null);
        }
    }

    private void openSource(NvmlDevice device, String uuid, String driver) {
        DeviceId id = new DeviceId(DeviceKind.GPU, device.index(), uuid, nameOf(device));
        try {
            if (device.migEnabled()) {
                warnings.add(id.describe() + " is in MIG mode: NVML reports energy for the whole board only, so the "
                        + "figure covers every MIG instance on it, including other work running there");
            }
            sources.add(counterOrSampling(id, device, driver));
        } catch (NvmlException e) {
            device.close();
            unavailable(id, "not measured: " + e.getMessage() + remedy(e));
        }
    }

    private boolean forcesSampling() {
        return MeasurementMethod.NVML_POWER_SAMPLING.label().equals(env.get(METHOD_ENV));
    }

    private EnergySource counterOrSampling(DeviceId id, NvmlDevice device, String driver) throws NvmlException {
        if (forcesSampling()) {
            return sampling(id, device, driver, "power sampling forced by " + METHOD_ENV);
        }
        try {
            EnergySource source = new EnergyCounterSource(id, device);
            statuses.add(new DeviceStatus(id, source.method(), "NVML energy counter, read every "
                    + EnergyCounterSource.POLL_INTERVAL.toSeconds() + " s (driver " + driver + ")"));
            return source;
        } catch (NvmlException e) {
            if (e.result() != NvmlReturn.ERROR_NOT_SUPPORTED) {
                throw e;
            }
        }
        return sampling(id, device, driver, "no energy counter on this GPU (pre-Volta)");
    }

    private EnergySource sampling(DeviceId id, NvmlDevice device, String driver, String why) throws NvmlException {
        EnergySource source = new PowerSamplingSource(id, device, config.samplingInterval(), clock.monotonicNanos());
        statuses.add(new DeviceStatus(id, source.method(), why + ": NVML power sampled every "
                + config.samplingInterval().toMillis() + " ms and integrated (driver " + driver + ")"));
        return source;
    }

    private static String nameOf(NvmlDevice device) {
        try {
            return device.name();
        } catch (NvmlException e) {
            return "NVML index " + device.index();
        }
    }

    private static String driverVersion(NvmlSession session) {
        try {
            return session.driverVersion();
        } catch (NvmlException e) {
            return "version unknown";
        }
    }

    private static String remedy(NvmlException e) {
        return switch (e.result()) {
            case ERROR_DRIVER_NOT_LOADED -> "; is the NVIDIA kernel driver loaded? (`nvidia-smi` should list the GPUs)";
            case ERROR_NO_PERMISSION -> "; this user may not open the GPU: check access to /dev/nvidia* (video group, "
                    + "container device mounts)";
            case ERROR_LIB_RM_VERSION_MISMATCH -> "; the NVML library and the kernel driver differ in version: reboot "
                    + "or reload the driver after an upgrade";
            case ERROR_NOT_SUPPORTED -> "; this GPU reports neither an energy counter nor power";
            default -> "";
        };
    }

    private void unavailable(DeviceId device, String detail) {
        unavailable(device, detail, DeviceStatus.shorten(detail));
    }

    private void unavailable(DeviceId device, String detail, String note) {
        statuses.add(new DeviceStatus(device, MeasurementMethod.UNAVAILABLE, detail, note));
        warnings.add(device.describe() + ": " + detail);
    }
}
