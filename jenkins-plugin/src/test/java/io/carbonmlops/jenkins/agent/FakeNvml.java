package io.carbonmlops.jenkins.agent;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Where shared-meter's build put the fake libnvidia-ml (system property {@code carbon.fakeNvml}, set by the POMs). */
final class FakeNvml {
    private FakeNvml() {}

    static Optional<Path> library() {
        String configured = System.getProperty("carbon.fakeNvml");
        if (configured == null) {
            return Optional.empty();
        }
        Path lib = Path.of(configured).toAbsolutePath().normalize();
        return Files.isRegularFile(lib) ? Optional.of(lib) : Optional.empty();
    }
}
