package io.carbonmlops.mlflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LogBatchesTest {

    /** The most the logger sends for one record: 8 GPUs, each power series capped at 1000 points by the meter. */
    @Test
    void eightGpusOfAThousandPointsEachFitInEightBatchesOfAtMostAThousandMetrics() {
        List<MetricPoint> points = new ArrayList<>();
        for (int gpu = 0; gpu < 8; gpu++) {
            for (int s = 0; s < 1000; s++) {
                points.add(new MetricPoint(MetricKeys.gpuPower(gpu), 300 + s % 7, 1_700_000_000_000L + s * 3600L, s));
            }
        }

        List<JsonObject> bodies = LogBatches.split("run", points, Map.of());

        assertThat(bodies).hasSize(8);
        assertThat(bodies).allSatisfy(b -> {
            assertThat(b.getAsJsonArray("metrics").size()).isLessThanOrEqualTo(LogBatches.MAX_METRICS);
            assertThat(b.toString().getBytes(StandardCharsets.UTF_8).length).isLessThan(LogBatches.MAX_BYTES);
        });
        assertThat(bodies.stream().mapToInt(b -> b.getAsJsonArray("metrics").size()).sum()).isEqualTo(8000);
    }

    @Test
    void tagsAreCappedAtAHundredAndEntitiesAtAThousandPerRequest() {
        Map<String, String> tags = new LinkedHashMap<>();
        for (int i = 0; i < 150; i++) {
            tags.put("carbon.t" + i, "v");
        }
        List<MetricPoint> points = new ArrayList<>();
        for (int i = 0; i < 950; i++) {
            points.add(new MetricPoint("carbon/x", i, 1000L + i, i));
        }

        List<JsonObject> bodies = LogBatches.split("run", points, tags);

        assertThat(bodies).allSatisfy(b -> {
            assertThat(b.getAsJsonArray("tags").size()).isLessThanOrEqualTo(LogBatches.MAX_TAGS);
            assertThat(b.getAsJsonArray("tags").size() + b.getAsJsonArray("metrics").size())
                    .isLessThanOrEqualTo(LogBatches.MAX_ENTITIES);
        });
        assertThat(bodies.get(0).getAsJsonArray("tags").size()).isEqualTo(100);
        assertThat(bodies.stream().mapToInt(b -> b.getAsJsonArray("tags").size()).sum()).isEqualTo(150);
        assertThat(bodies.stream().mapToInt(b -> b.getAsJsonArray("metrics").size()).sum()).isEqualTo(950);
    }

    @Test
    void largeTagValuesAreSplitByTheByteLimit() {
        Map<String, String> tags = new LinkedHashMap<>();
        for (int i = 0; i < 99; i++) {
            tags.put("carbon.big" + i, "x".repeat(11_000)); // 1.09 MB in all
        }

        List<JsonObject> bodies = LogBatches.split("run", List.of(), tags);

        assertThat(bodies.size()).isEqualTo(2);
        assertThat(bodies.stream().mapToInt(b -> b.toString().getBytes(StandardCharsets.UTF_8).length).max().orElseThrow())
                .isLessThan(LogBatches.MAX_BYTES);
        assertThat(bodies.stream().mapToInt(b -> b.getAsJsonArray("tags").size()).sum()).isEqualTo(99);
    }

    @Test
    void nothingToSendMakesNoRequest() {
        assertThat(LogBatches.split("run", List.of(), Map.of())).isEmpty();
    }
}
