package io.carbonmlops.mlflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunComparisonTest {
    private static RunSearch.RunRow run(String name, double co2e, double loss) {
        return run(name, "FINISHED", co2e, loss);
    }

    private static RunSearch.RunRow run(String name, String status, double co2e, double loss) {
        return new RunSearch.RunRow(name, name, status, Map.of("carbon/co2e_kg", co2e, "loss", loss), Map.of());
    }

    @Test
    void unfinishedRunsAreLeftOutAndNamedUnlessIncluded() {
        List<RunSearch.RunRow> runs = List.of(run("ok", 1.0, 0.5), run("failed", "FAILED", 0.1, 0.1),
                run("running", "RUNNING", 0.1, 0.1));

        RunComparison.Result result = RunComparison.compare(runs, "loss", false);
        assertThat(result.rows()).extracting(RunComparison.Row::runName, RunComparison.Row::paretoOptimal)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("ok", true));
        assertThat(result.skippedRuns()).containsExactly("failed (failed): FAILED, not FINISHED",
                "running (running): RUNNING, not FINISHED");

        RunComparison.Result all = RunComparison.compare(runs, "loss", false, true);
        assertThat(all.rows()).extracting(RunComparison.Row::runName, RunComparison.Row::status)
                .contains(org.assertj.core.groups.Tuple.tuple("failed", "FAILED"));
        assertThat(RunComparison.csv(all)).startsWith("run_id,run_name,status,co2e_kg,").contains(",failed,FAILED,0.1,");
    }

    @Test
    void theHtmlPutsCo2eInAReadableUnitAndKeepsTheRightmostLabelInside() {
        RunComparison.Result result = RunComparison.compare(List.of(run("cheap", 8.4e-7, 0.5),
                run("a-long-run-name-at-the-right-edge", 2.1e-6, 0.4)), "loss", false);

        String html = RunComparison.html(result, "e");
        assertThat(html).contains("CO2e (mg)", "<td>0.84</td>", "<td>2.1</td>").doesNotContain("e-07", "E-7");
        assertThat(html).containsPattern("<text x=\"[0-9.]+\" y=\"[0-9.]+\" text-anchor=\"end\" font-size=\"10\">"
                + "a-long-run-name-at-the-right-edge</text>");
    }

    @Test
    void inferenceRanksOnCo2ePerThousandPredictionsAndLeavesOutRunsWithoutIt() {
        List<RunSearch.RunRow> runs = List.of(
                new RunSearch.RunRow("big", "big", "FINISHED", Map.of("carbon/co2e_kg", 1.0,
                        "carbon/inference_g_per_1k", 0.8, "accuracy", 0.97), Map.of()),
                new RunSearch.RunRow("small", "small", "FINISHED", Map.of("carbon/co2e_kg", 5.0,
                        "carbon/inference_g_per_1k", 0.2, "accuracy", 0.95), Map.of()),
                new RunSearch.RunRow("worse", "worse", "FINISHED", Map.of("carbon/co2e_kg", 0.1,
                        "carbon/inference_g_per_1k", 0.9, "accuracy", 0.90), Map.of()),
                run("train-only", 0.01, 0.5));

        RunComparison.Result result = RunComparison.compare(runs, "accuracy", true, false,
                RunComparison.Basis.INFERENCE);

        // on training CO2e 'worse' would lead; per 1,000 predictions 'small' is cheapest and 'worse' is dominated
        assertThat(result.rows()).extracting(RunComparison.Row::runName, RunComparison.Row::paretoOptimal)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("small", true),
                        org.assertj.core.groups.Tuple.tuple("big", true),
                        org.assertj.core.groups.Tuple.tuple("worse", false));
        assertThat(result.rows().get(0).co2eKg()).as("0.2 g in kg").isEqualTo(0.2e-3);
        assertThat(result.skippedRuns()).containsExactly("train-only (train-only): no carbon/inference_g_per_1k");
        assertThat(RunComparison.csv(result)).startsWith("run_id,run_name,status,co2e_kg_per_1k_predictions,");
        assertThat(RunComparison.html(result, "e")).contains("CO2e per 1,000 predictions (mg)");
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
