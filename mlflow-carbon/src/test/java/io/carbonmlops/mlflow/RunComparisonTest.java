package io.carbonmlops.mlflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunComparisonTest {
    private static RunSearch.RunRow run(String name, double co2e, double loss) {
        return new RunSearch.RunRow(name, name, "FINISHED", Map.of("carbon/co2e_kg", co2e, "loss", loss), Map.of());
    }

    @Test
    void lowerIsBetterByDefaultAndTiesDoNotDominate() {
        List<RunSearch.RunRow> runs = List.of(run("a", 1.0, 0.5), run("b", 2.0, 0.3), run("c", 2.0, 0.4),
                run("d", 1.0, 0.5));

        RunComparison.Result result = RunComparison.compare(runs, "loss", false);

        assertThat(result.rows()).extracting(RunComparison.Row::runName, RunComparison.Row::paretoOptimal)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("a", true), org.assertj.core.groups.Tuple.tuple("d", true),
                        org.assertj.core.groups.Tuple.tuple("b", true), org.assertj.core.groups.Tuple.tuple("c", false));
    }

    @Test
    void htmlEscapesRunNames() {
        RunComparison.Result result = RunComparison.compare(List.of(run("<b>x</b>", 1, 1)), "loss", false);

        assertThat(RunComparison.html(result, "e")).contains("&lt;b&gt;x&lt;/b&gt;").doesNotContain("<b>x</b>");
    }

    @Test
    void csvQuotesSeparatorsAndLineBreaksAndDefusesFormulas() {
        assertThat(RunComparison.csvField("plain")).isEqualTo("plain");
        assertThat(RunComparison.csvField("a,b")).isEqualTo("\"a,b\"");
        assertThat(RunComparison.csvField("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(RunComparison.csvField("line\rbreak")).isEqualTo("\"line\rbreak\"");
        assertThat(RunComparison.csvField("=HYPERLINK(\"x\")")).isEqualTo("\"'=HYPERLINK(\"\"x\"\")\"");
        assertThat(RunComparison.csvField("@SUM(A1)")).isEqualTo("'@SUM(A1)");
    }
}
