package io.carbonmlops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.carbonmlops.meter.EnergyMeter;
import io.carbonmlops.meter.MeterClock;
import io.carbonmlops.meter.MeterConfig;
import io.carbonmlops.meter.SourceDiscovery;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hook points that carbon intensity and MLflow logging plug into. */
class MeasuredRunTest {
    private final EnergyMeter meter = EnergyMeter.of(SourceDiscovery.empty(), MeterConfig.defaults(), MeterClock.SYSTEM);
    private final StringWriter err = new StringWriter();

    @TempDir
    Path dir;

    @AfterEach
    void closeMeter() {
        meter.close();
    }

    private int run(List<String> command, List<MeasureHook> hooks, Path json) {
        return new MeasuredRun(meter, command, hooks, Optional.ofNullable(json), Duration.ofSeconds(10), false, false,
                new PrintWriter(err)).run();
    }

    @Test
    void hooksAddEnvironmentJsonFieldsAndSummaryLines() throws Exception {
        List<MeasureOutcome> seen = new ArrayList<>();
        MeasureHook hook = new MeasureHook() {
            @Override
            public void beforeCommand(Map<String, String> environment) {
                environment.put("HOOK_RUN_ID", "run-42");
            }

            @Override
            public void afterCommand(MeasureOutcome outcome, JsonObject json, List<String> summaryLines) {
                seen.add(outcome);
                json.addProperty("hook_field", "added");
                summaryLines.add("  hook: logged");
            }
        };
        Path json = dir.resolve("m.json");

        int exitCode = run(List.of("sh", "-c", "test \"$HOOK_RUN_ID\" = run-42 && exit 4"), List.of(hook), json);

        assertThat(exitCode).as("4 only when the variable reached the command").isEqualTo(4);
        assertThat(seen).singleElement().satisfies(outcome -> {
            assertThat(outcome.exitCode()).isEqualTo(4);
            assertThat(outcome.stoppedBy()).isEmpty();
            assertThat(outcome.command()).first().isEqualTo("sh");
        });
        assertThat(JsonParser.parseString(Files.readString(json)).getAsJsonObject().get("hook_field").getAsString())
                .isEqualTo("added");
        assertThat(err.toString()).contains("carbon:   hook: logged");
    }

    @Test
    void aFailingHookBecomesAWarningAndKeepsTheCommandsExitCode() throws Exception {
        MeasureHook failing = new MeasureHook() {
            @Override
            public void afterCommand(MeasureOutcome outcome, JsonObject json, List<String> summaryLines) {
                throw new IllegalStateException("tracking server unreachable");
            }
        };
        Path json = dir.resolve("m.json");

        assertThat(run(List.of("true"), List.of(failing), json)).isZero();

        assertThat(err.toString()).contains("warning: ").contains("failed: tracking server unreachable");
        assertThat(JsonParser.parseString(Files.readString(json)).getAsJsonObject().getAsJsonArray("warnings").toString())
                .contains("tracking server unreachable");
    }
}
