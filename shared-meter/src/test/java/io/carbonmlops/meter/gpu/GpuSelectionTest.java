package io.carbonmlops.meter.gpu;

import static org.assertj.core.api.Assertions.assertThat;

import io.carbonmlops.meter.gpu.GpuSelection.Candidate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GpuSelectionTest {
    private static final List<Candidate> THREE_GPUS = List.of(
            new Candidate(0, "GPU-8f3a1111-aaaa"), new Candidate(1, "GPU-8f3b2222-bbbb"), new Candidate(2, "GPU-c0de3333-cccc"));

    private final List<String> warnings = new ArrayList<>();

    private static GpuSelection fromEnv(String... keyValues) {
        return GpuSelection.from(Optional.empty(), Map.of(keyValues[0], keyValues[1]));
    }

    @Test
    void withNothingSetEveryGpuIsSelected() {
        GpuSelection selection = GpuSelection.from(Optional.empty(), Map.of());

        assertThat(selection.select(THREE_GPUS, warnings)).containsExactly(0, 1, 2);
        assertThat(selection.origin()).contains("all GPUs");
        assertThat(warnings).isEmpty();
    }

    @Test
    void cudaVisibleDevicesWinsOverNvidiaVisibleDevices() {
        GpuSelection selection = GpuSelection.from(Optional.empty(),
                Map.of("CUDA_VISIBLE_DEVICES", "2", "NVIDIA_VISIBLE_DEVICES", "all"));

        assertThat(selection.select(THREE_GPUS, warnings)).containsExactly(2);
        assertThat(selection.origin()).isEqualTo("CUDA_VISIBLE_DEVICES=2");
    }

    @Test
    void configuredSelectionWinsOverTheEnvironment() {
        GpuSelection selection = GpuSelection.from(Optional.of("all"), Map.of("CUDA_VISIBLE_DEVICES", "2"));

        assertThat(selection.select(THREE_GPUS, warnings)).containsExactly(0, 1, 2);
    }

    @Test
    void noneVoidAndEmptyMeanNoGpu() {
        assertThat(fromEnv("CUDA_VISIBLE_DEVICES", "").isNone()).isTrue();
        assertThat(fromEnv("CUDA_VISIBLE_DEVICES", " none ").isNone()).isTrue();
        assertThat(fromEnv("NVIDIA_VISIBLE_DEVICES", "void").isNone()).isTrue();
        assertThat(GpuSelection.from(Optional.of("NONE"), Map.of()).isNone()).isTrue();
        assertThat(fromEnv("NVIDIA_VISIBLE_DEVICES", "ALL").isNone()).isFalse();
    }

    @Test
    void uuidPrefixesMatchCaseInsensitivelyWhenUnique() {
        GpuSelection selection = fromEnv("CUDA_VISIBLE_DEVICES", "gpu-C0DE, GPU-8f3a");

        assertThat(selection.select(THREE_GPUS, warnings)).containsExactly(0, 2);
        assertThat(warnings).isEmpty();
    }

    @Test
    void ambiguousAndUnknownUuidsAreWarnedAboutByName() {
        GpuSelection selection = GpuSelection.from(Optional.of("GPU-8f3,GPU-ffff,1"), Map.of());

        assertThat(selection.select(THREE_GPUS, warnings)).containsExactly(1);
        assertThat(warnings).containsExactly(
                "GPU selection 'GPU-8f3,GPU-ffff,1': GPU-8f3 matches 2 GPUs; give more of the UUID; ignored",
                "GPU selection 'GPU-8f3,GPU-ffff,1': GPU-ffff matches no GPU NVML can read; ignored");
    }

    @Test
    void cudaIgnoresEverythingAfterAnInvalidEntryAndSoDoWe() {
        GpuSelection selection = fromEnv("CUDA_VISIBLE_DEVICES", "0,-1,2");

        assertThat(selection.select(THREE_GPUS, warnings)).containsExactly(0);
        assertThat(selection.parseWarnings()).containsExactly(
                "CUDA_VISIBLE_DEVICES=0,-1,2: '-1' is neither a GPU index nor a GPU UUID (GPU-…); ignored",
                "CUDA_VISIBLE_DEVICES=0,-1,2: CUDA ignores every entry after '-1', so this meter ignores them too: 2");
    }

    @Test
    void anExplicitSelectionSkipsOnlyTheInvalidEntry() {
        GpuSelection selection = GpuSelection.from(Optional.of("0,x,2"), Map.of());

        assertThat(selection.select(THREE_GPUS, warnings)).containsExactly(0, 2);
        assertThat(selection.parseWarnings()).singleElement().asString().contains("'x' is neither");
    }

    @Test
    void migInstancesAreWarnedAboutAndNotMeasured() {
        GpuSelection selection = fromEnv("CUDA_VISIBLE_DEVICES", "MIG-4f1c2b3a,1");

        assertThat(selection.select(THREE_GPUS, warnings)).containsExactly(1);
        assertThat(selection.parseWarnings()).singleElement().asString()
                .contains("MIG instance MIG-4f1c2b3a", "whole board", "parent GPU");
    }

    @Test
    void indexesBeyondTheGpusAreWarnedAbout() {
        GpuSelection selection = GpuSelection.from(Optional.of("5,1,1"), Map.of());

        assertThat(selection.select(THREE_GPUS, warnings)).containsExactly(1);
        assertThat(warnings).containsExactly("GPU selection '5,1,1': there is no GPU with NVML index 5 (NVML sees 3); ignored");
    }

    @Test
    void gpusWithoutReadableUuidAreStillSelectedByIndex() {
        List<Candidate> withUnreadable = List.of(new Candidate(0, "GPU-8f3a1111-aaaa"), new Candidate(1, null));

        assertThat(GpuSelection.from(Optional.of("1"), Map.of()).select(withUnreadable, warnings)).containsExactly(1);
        assertThat(GpuSelection.from(Optional.of("GPU-"), Map.of()).isNone()).as("a bare prefix is invalid").isTrue();
    }
}
