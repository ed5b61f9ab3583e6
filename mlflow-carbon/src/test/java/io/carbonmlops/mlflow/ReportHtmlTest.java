package io.carbonmlops.mlflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.carbonmlops.meter.Measurement;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportHtmlTest {
    @Test
    void figuresAreReadableAndThePowerChartStartsAtZeroSeconds() {
        // Two GPUs at 250 and 251 W for 30 s plus a 50 W CPU, PUE 1.2, 400 g/kWh; the series' first point is at 1 s.
        Measurement m = TestMeasurements.gpuRun(Instant.parse("2026-11-30T04:00:00Z"), 2, 30, 250);
        CarbonRecord record = CarbonRecord.of(m, TestMeasurements.footprint(m));

        String html = ReportHtml.render(record, RecordSummary.of(record), Map.of());

        // IT: (250 + 251 + 50) W x 30 s = 16530 J = 4.59 Wh; facility 5.51 Wh; CO2e 5.51 Wh x 400 g/kWh = 2.2 g
        assertThat(html).contains("<th>IT energy</th><td>4.59 Wh</td>", "<th>facility energy</th><td>5.51 Wh</td>",
                "<th>CO2e</th><td>2.2 g CO2e</td>", "<td class=\"num\">2.08 Wh</td>");
        assertThat(html).as("each step drawn from the previous offset, the first from 0 s")
                .contains("points=\"70.0,").doesNotContainPattern("[0-9][eE]-[0-9]");
    }
}
