package io.carbonmlops.jenkins.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CarbonTrendTest {
    @Test
    void barsAreScaledToTheLargestBuildAndLabelledWithTheirFigures() {
        String svg = CarbonTrend.svg(List.of(new CarbonTrend.Point(7, 0.5, 1.0), new CarbonTrend.Point(8, 1.0, 2.5)));

        assertThat(svg).startsWith("<svg ").endsWith("</svg>")
                .contains("kg CO2e per build (max 1)")
                .contains("<title>#7: 500 g CO2e, 1 kWh</title>")
                .contains("<title>#8: 1 kg CO2e, 2.5 kWh</title>")
                // the largest bar spans the plot height (200 - 2 × 30), the other half of it
                .contains("height=\"140.0\" fill").contains("height=\"70.0\" fill");
    }

    @Test
    void nothingToPlotIsNoChart() {
        assertThat(CarbonTrend.svg(List.of())).isEmpty();
    }

    @Test
    void buildsWithoutEmissionsDrawFlatBarsWithoutDividingByZero() {
        assertThat(CarbonTrend.svg(List.of(new CarbonTrend.Point(1, 0, 0)))).contains("height=\"0.0\" fill").doesNotContain("NaN");
    }
}
