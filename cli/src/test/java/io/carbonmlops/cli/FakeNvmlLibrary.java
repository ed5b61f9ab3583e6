package io.carbonmlops.cli;

import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/** Where the build put shared-meter's fake libnvidia-ml.so.1 (cli/pom.xml compiles it with gcc). */
final class FakeNvmlLibrary {
    private FakeNvmlLibrary() {}

    /** The library; fails when CI=true and it is missing (CI must run the GPU tests), else skips with the reason. */
    static Path path() {
        String configured = System.getProperty("fake.nvml.library", "target/fake-nvml/libnvidia-ml.so.1");
        Path library = Path.of(configured).toAbsolutePath();
        if (!Files.isRegularFile(library)) {
            String reason = "fake NVML library not built at " + library + " (install gcc and run the build with Maven)";
            if ("true".equals(System.getenv("CI"))) {
                fail(reason);
            }
            Assumptions.abort(reason);
        }
        return library;
    }
}
