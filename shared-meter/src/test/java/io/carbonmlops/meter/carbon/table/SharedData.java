package io.carbonmlops.meter.carbon.table;

import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Locates {@code shared/data}, which sits beside the clone (CI: {@code ../shared} of the repository root). Tests
 * run with the module folder as working directory. In CI a missing folder fails the test; elsewhere it skips.
 */
final class SharedData {
    private SharedData() {}

    static Path directory() {
        Path moduleDir = Path.of("").toAbsolutePath();
        Path repoRoot = Files.exists(moduleDir.resolve("tools")) ? moduleDir : moduleDir.getParent();
        Path data = repoRoot.resolveSibling("shared").resolve("data");
        if (!Files.isRegularFile(data.resolve("electricitymaps-yearly-2025.json"))) {
            String message = "source data for the intensity table not found at " + data
                    + " (expected the shared folder beside the clone, as CI lays it out)";
            if ("true".equals(System.getenv("CI"))) {
                fail(message);
            }
            Assumptions.abort(message);
        }
        return data;
    }
}
