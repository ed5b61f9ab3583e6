package io.carbonmlops.meter.gpu.bench;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.nio.file.Files;
import java.nio.file.Path;

/** The fake libnvidia-ml.so.1's test-control symbols (see src/test/c/fake_nvml.c), for the benchmarks. */
interface FakeNvmlControl extends Library {
    int fakeNvmlConfigure(String scenario, int initError);

    void fakeNvmlSetClockMillis(double ms);

    /** The fake built by Maven, from the system property {@code fake.nvml.library}. */
    static Path libraryPath() {
        String property = System.getProperty("fake.nvml.library", "shared-meter/target/fake-nvml/libnvidia-ml.so.1");
        Path path = Path.of(property).toAbsolutePath();
        if (!Files.isRegularFile(path)) {
            throw new IllegalStateException("fake NVML library not found at " + path
                    + "; build it with `mvn -pl shared-meter test-compile` (needs gcc)");
        }
        return path;
    }

    static FakeNvmlControl load(Path library) {
        return Native.load(library.toString(), FakeNvmlControl.class);
    }

    default void configureOrFail(String scenario) {
        if (fakeNvmlConfigure(scenario, 0) != 0) {
            throw new IllegalArgumentException("fake NVML rejected scenario " + scenario);
        }
    }
}
