package io.carbonmlops.jenkins.agent;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Where shared-meter's build put the fake libnvidia-ml (system property {@code carbon.fakeNvml}, set by the POMs). */
final class FakeNvml {
    private FakeNvml() {}

    /** The library; fails (CI) or skips (elsewhere) the calling test when the build did not make one. */
    static Path require() {
        Optional<Path> lib = library();
        if (lib.isEmpty() && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("the fake NVML library is missing at " + System.getProperty("carbon.fakeNvml")
                    + "; shared-meter's build makes it with gcc (src/test/c/build.sh)");
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(lib.isPresent(), "no fake NVML library: build shared-meter first");
        return lib.get();
    }

    static Optional<Path> library() {
        String configured = System.getProperty("carbon.fakeNvml");
        if (configured == null) {
            return Optional.empty();
        }
        Path lib = Path.of(configured).toAbsolutePath().normalize();
        return Files.isRegularFile(lib) ? Optional.of(lib) : Optional.empty();
    }
}
