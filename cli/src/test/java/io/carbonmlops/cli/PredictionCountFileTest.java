package io.carbonmlops.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.carbonmlops.meter.MeterClock;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The predictions file format of {@code carbon measure --predictions-from} and the option checks. */
class PredictionCountFileTest {
    @TempDir
    Path dir;

    private long read(String text) throws IOException {
        Path file = dir.resolve("count");
        Files.writeString(file, text);
        return PredictionOptions.readCount(file);
    }

    @Test
    void aWholeNumberOrAJsonObjectWithPredictionsIsRead() throws Exception {
        assertThat(read("15000\n")).isEqualTo(15000);
        assertThat(read("{\"predictions\": 42, \"model\": \"iris\"}")).isEqualTo(42);
        assertThat(read("0")).isZero();
    }

    @Test
    void anythingElseIsRefusedWithTheExpectedFormat() {
        for (String bad : new String[] {"", "-3", "1.5", "twelve", "{\"count\": 3}", "[1]", "{\"predictions\": -1}"}) {
            assertThatThrownBy(() -> read(bad)).as(bad).isInstanceOf(IOException.class)
                    .hasMessageContaining("expected a whole number of predictions");
        }
        assertThatThrownBy(() -> PredictionOptions.readCount(dir.resolve("absent")))
                .hasMessageContaining("does not exist");
    }

    @Test
    void predictionsNeedAModelAndOneSourceOfTheCount() {
        StringWriter err = new StringWriter();
        CliEnvironment environment = new CliEnvironment(Map.of("CARBON_NVML_LIBRARY", "/nonexistent/lib.so"),
                MeterClock.SYSTEM);
        int exit = CarbonCli.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(err, true), environment)
                .execute("measure", "--predictions", "10", "--", "true");
        assertThat(exit).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("--predictions needs --model-name");

        StringWriter err2 = new StringWriter();
        exit = CarbonCli.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(err2, true), environment)
                .execute("measure", "--model-name", "iris", "--predictions", "10", "--predictions-from",
                        dir.resolve("n").toString(), "--", "true");
        assertThat(exit).isEqualTo(ExitCodes.USAGE);
        assertThat(err2.toString()).contains("not both");
    }
}
