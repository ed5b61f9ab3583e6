package io.carbonmlops.meter.gpu;

import io.carbonmlops.meter.DeviceId;
import io.carbonmlops.meter.DeviceKind;
import io.carbonmlops.meter.DeviceStatus;
import io.carbonmlops.meter.MeasurementMethod;
import io.carbonmlops.meter.MeterClock;
import io.carbonmlops.meter.MeterConfig;
import io.carbonmlops.meter.SourceDiscovery;
import java.util.List;
import java.util.Map;

/** Finds the GPUs NVML can measure. Never throws: every failure becomes a {@link DeviceStatus} and a warning. */
public final class NvmlDiscovery {
    private NvmlDiscovery() {}

    public static SourceDiscovery discover(MeterConfig config, Map<String, String> env, MeterClock clock) {
        DeviceId placeholder = new DeviceId(DeviceKind.GPU, -1, null, "NVML");
        String detail = "NVML binding not implemented yet";
        return new SourceDiscovery(List.of(), List.of(new DeviceStatus(placeholder, MeasurementMethod.UNAVAILABLE, detail)),
                List.of("gpu: " + detail));
    }
}
