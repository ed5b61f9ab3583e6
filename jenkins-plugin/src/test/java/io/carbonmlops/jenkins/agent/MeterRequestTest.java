package io.carbonmlops.jenkins.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class MeterRequestTest {
    @Test
    void onlyVariablesThatDecideWhatTheMeterSeesTravelToTheAgent() {
        MeterRequest request = MeterRequest.of("carbon-1", 1.1, "0", Map.of(
                "CUDA_VISIBLE_DEVICES", "1,2",
                "NVIDIA_VISIBLE_DEVICES", "all",
                "CARBON_NVML_LIBRARY", "/opt/nvml/libnvidia-ml.so.1",
                "CARBON_ELECTRICITYMAPS_TOKEN", "secret-token",
                "AWS_SECRET_ACCESS_KEY", "secret-key",
                "PATH", "/usr/bin"));

        assertThat(request.environment()).containsOnlyKeys("CUDA_VISIBLE_DEVICES", "NVIDIA_VISIBLE_DEVICES",
                "CARBON_NVML_LIBRARY");
        assertThat(request.snapshotIntervalMillis()).isEqualTo(10_000);
        assertThat(request.journalDirectory()).isNull();
    }

    @Test
    void theMeterIdMustBeSafeAsAFileName() {
        assertThatThrownBy(() -> MeterRequest.of("../../etc/passwd", 1.0, null, Map.of()))
                .hasMessage("meter id must be a file-name-safe token, was '../../etc/passwd'");
    }
}
