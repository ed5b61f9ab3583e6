package io.carbonmlops.mlflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SvgChartsTest {
    @Test
    void legendLabelsNeverOverlapAndWrapInsideTheChart() {
        List<String> labels = List.of("gpu 0", "gpu 1", "gpu 2 NVIDIA H200 GPU-fa4e0000-0000-0000", "gpu 3", "cpu 0",
                "ram 0", "gpu 4", "gpu 5", "gpu 6", "gpu 7");
        List<double[]> at = SvgCharts.legendPositions(labels);

        for (int i = 0; i < labels.size(); i++) {
            assertThat(at.get(i)[0] + SvgCharts.labelWidth(labels.get(i))).as("label %s ends inside", i).isLessThanOrEqualTo(740);
            for (int j = 0; j < i; j++) {
                boolean sameRow = at.get(i)[1] == at.get(j)[1];
                boolean apart = at.get(j)[0] + SvgCharts.labelWidth(labels.get(j)) < at.get(i)[0]
                        || at.get(i)[0] + SvgCharts.labelWidth(labels.get(i)) < at.get(j)[0];
                assertThat(!sameRow || apart).as("labels %s and %s overlap", j, i).isTrue();
            }
        }
    }

    @Test
    void theLineChartsTimeAxisStartsAtZero() {
        String svg = SvgCharts.lineChart(List.of(new SvgCharts.Series("gpu 0",
                List.of(new double[] {0, 300}, new double[] {5, 300}, new double[] {10, 250}))), "seconds since start", "W");

        assertThat(svg).contains("points=\"70.0,").contains(">0</text>").contains("class=\"legend\" x=\"80.0\"");
    }
}
