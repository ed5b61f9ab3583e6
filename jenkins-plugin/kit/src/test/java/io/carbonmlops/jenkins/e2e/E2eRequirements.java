package io.carbonmlops.jenkins.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * What the end-to-end tests need, from the paths the POM passes: the Jenkins kit (jenkins.war and plugins, linked to
 * .jenkins/kit by bin/setup-test-env), the .hpi this build packaged, the fake NVML library shared-meter's build
 * compiled, and the repository's .venv with MLflow. Missing under {@code CI=true}: the test fails; elsewhere it is
 * skipped, saying so on stderr.
 */
final class E2eRequirements {
    private E2eRequirements() {}

    static Path kit() {
        Path kit = path("carbon.jenkinsKit");
        require(Files.isRegularFile(kit.resolve("jenkins.war")) && Files.isDirectory(kit.resolve("plugins")),
                "no Jenkins kit at " + kit + ": run bin/setup-test-env");
        return kit;
    }

    static Path hpi() {
        Path hpi = path("carbon.hpi");
        require(Files.isRegularFile(hpi), "no plugin at " + hpi + ": run mvn verify (the package phase makes it)");
        return hpi;
    }

    static Path fakeNvml() {
        Path lib = path("carbon.fakeNvml");
        require(Files.isRegularFile(lib), "no fake NVML library at " + lib + ": shared-meter's build makes it with gcc");
        return lib;
    }

    static Path repoRoot() {
        return path("carbon.repoRoot");
    }

    static Path venvBin() {
        Path bin = repoRoot().resolve(".venv/bin");
        require(Files.isExecutable(bin.resolve("mlflow")), "no MLflow in " + bin + ": run bin/setup-test-env");
        return bin;
    }

    /** Where the tests keep their controllers' homes, logs and screenshots (target/e2e). */
    static Path workDir() {
        return path("carbon.e2eDir");
    }

    private static Path path(String property) {
        String value = System.getProperty(property);
        require(value != null, "system property " + property + " is not set: run the e2e tests through Maven (failsafe)");
        return Path.of(value).toAbsolutePath().normalize();
    }

    private static void require(boolean present, String missing) {
        if (present) {
            return;
        }
        if ("true".equals(System.getenv("CI"))) {
            throw new IllegalStateException("CI=true and a requirement of the Jenkins end-to-end tests is missing: " + missing);
        }
        System.err.println("SKIPPED Jenkins end-to-end test: " + missing);
        Assumptions.abort(missing);
    }
}
