package io.carbonmlops.meter.gpu;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NvmlBindingTest {
    /** The v1 ABI these names still resolve to in libnvidia-ml; nvml.h maps them to the versioned ones by macro. */
    private static final Set<String> LEGACY_SYMBOLS = Set.of("nvmlInit", "nvmlDeviceGetCount", "nvmlDeviceGetHandleByIndex");

    @Test
    void bindsOnlyVersionedSymbolsWhereNvmlHasThem() {
        assertThat(Arrays.stream(Nvml.class.getDeclaredMethods()).map(Method::getName))
                .contains("nvmlInit_v2", "nvmlDeviceGetCount_v2", "nvmlDeviceGetHandleByIndex_v2")
                .doesNotContainAnyElementsOf(LEGACY_SYMBOLS);
    }
}
