package io.carbonmlops.jenkins.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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

    @Test
    void theTrendLooksAtABoundedNumberOfBuildsHoweverManyTheJobHas() {
        List<Integer> looked = new ArrayList<>();
        // build 10000 is the newest; only every 500th build has a carbon record
        List<CarbonTrend.Point> points = CarbonTrend.recentPoints(10_000, n -> n > 1 ? n - 1 : null, n -> {
            looked.add(n);
            return n % 500 == 0 ? Optional.of(new CarbonTrend.Point(n, n / 1000.0, 1)) : Optional.empty();
        }, 20, 100);

        assertThat(looked).hasSize(100).startsWith(10_000).endsWith(9_901);
        assertThat(points).extracting(CarbonTrend.Point::buildNumber).containsExactly(10_000);
    }

    @Test
    void theTrendStopsAtTwentyPointsOldestFirst() {
        List<CarbonTrend.Point> points = CarbonTrend.recentPoints(50, n -> n > 1 ? n - 1 : null,
                n -> Optional.of(new CarbonTrend.Point(n, 0.1, 0.2)), 20, 100);

        assertThat(points).extracting(CarbonTrend.Point::buildNumber).containsExactlyElementsOf(
                java.util.stream.IntStream.rangeClosed(31, 50).boxed().toList());
    }
}
