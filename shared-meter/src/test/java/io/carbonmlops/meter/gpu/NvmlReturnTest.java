package io.carbonmlops.meter.gpu;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NvmlReturnTest {
    @Test
    void codesMapToTheirHeaderNames() {
        assertThat(NvmlReturn.of(0)).isEqualTo(NvmlReturn.SUCCESS);
        assertThat(NvmlReturn.of(4).symbol()).isEqualTo("NVML_ERROR_NO_PERMISSION");
        assertThat(NvmlReturn.of(15).symbol()).isEqualTo("NVML_ERROR_GPU_IS_LOST");
        assertThat(NvmlReturn.of(30)).isEqualTo(NvmlReturn.ERROR_RESET_TYPE_NOT_SUPPORTED);
        assertThat(NvmlReturn.of(999)).isEqualTo(NvmlReturn.ERROR_UNKNOWN);
    }

    @Test
    void everyCodeIsDistinct() {
        assertThat(NvmlReturn.values()).extracting(NvmlReturn::code).doesNotHaveDuplicates();
    }

    @Test
    void anUnknownCodeKeepsItsNumberInTheException() {
        NvmlException e = new NvmlException("nvmlDeviceGetPowerUsage", 77, "Some future error");

        assertThat(e.result()).isEqualTo(NvmlReturn.ERROR_UNKNOWN);
        assertThat(e.code()).isEqualTo(77);
        assertThat(e.getMessage()).isEqualTo("nvmlDeviceGetPowerUsage: NVML_ERROR_UNKNOWN (77, \"Some future error\")");
    }
}
