package io.carbonmlops.meter;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DeviceIdTest {
    @Test
    void describeNamesGpusByUuidAndOtherDevicesByName() {
        assertThat(new DeviceId(DeviceKind.GPU, 1, "GPU-1234", "NVIDIA H200").describe()).isEqualTo("gpu 1 (GPU-1234)");
        assertThat(new DeviceId(DeviceKind.CPU, 0, null, "package-0").describe()).isEqualTo("cpu 0 (package-0)");
    }

    @Test
    void describeLeavesOutTheIndexOfAWholeBackend() {
        assertThat(new DeviceId(DeviceKind.GPU, -1, null, "NVML").describe()).isEqualTo("gpu (NVML)");
    }
}
